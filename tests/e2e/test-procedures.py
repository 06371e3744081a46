#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Both Escritorio Virtual procedures in the real app, in Spanish and in
practice mode, driven over AT-SPI as a person would: read the labels,
press the buttons, type with the keyboard.

Run by run-e2e.sh (a session bus, accessibility on, a display)."""

import os
import subprocess
import sys
import time

from dogtail import config, tree
from dogtail.rawinput import keyCombo, typeText

config.searchCutoffCount = 40
config.searchBackoffDuration = 0.5
config.logDebugToFile = False

APP = sys.argv[1]


def start():
    process = subprocess.Popen([APP])
    return process, tree.root.application('ventanilla')


def _plain(name):
    # Accessible names here repeat the label ("Firmar Firmar") and some keep
    # the mnemonic's underscore ("_Aceptar Aceptar").
    return (name or '').replace('_', '')


def press(app, name):
    """Clicks the sensitive button called @name. Pages hidden in a stack are
    still in the tree (GTK 4.8 reports them all as showing), so of several
    buttons with that name the one that can be pressed is the one on show."""
    deadline = time.time() + 30
    while time.time() < deadline:
        buttons = app.findChildren(lambda node: node.roleName in ('push button', 'toggle button')
                                   and _plain(node.name) in (name, name + ' ' + name)
                                   and node.sensitive)
        if buttons:
            buttons[0].doActionNamed('click')
            return
        time.sleep(0.2)
    names = [node.name for node in app.findChildren(lambda node: node.roleName == 'push button')]
    raise AssertionError(f'no button “{name}” can be pressed; there are {names}')


def see(app, text):
    """Waits until something on screen says @text (in full or in part)."""
    deadline = time.time() + 30
    while time.time() < deadline:
        found = app.findChildren(lambda node: text in (node.name or ''))
        if found:
            return found[0]
        time.sleep(0.3)
    raise AssertionError(f'nothing says “{text}”')


def update_procedure(app):
    press(app, 'Actualización de la e.firma')
    see(app, 'Paso 1 de 4')
    # The CURP entry has the focus: typed as a person types it.
    time.sleep(0.5)
    typeText('XOJI740919MQTDMN02')
    press(app, 'Siguiente')
    see(app, 'Paso 2 de 4')
    press(app, 'Usar una e.firma de prueba del SAT')
    press(app, 'Validar')
    see(app, 'Tu e.firma es válida')
    press(app, 'Firmar')
    see(app, 'Se detectó que el número de serie de su firma digital fue modificado')
    see(app, '30001000000400002000')
    see(app, '30001000000400002312')
    press(app, 'Guardar Trámite')
    see(app, 'El trámite está guardado')
    press(app, 'Finalizar Trámite')
    see(app, 'Al ingresar tu FIEL estás aceptando que los datos obtenidos por el sistema son correctos')
    press(app, 'Aceptar')
    see(app, 'La actualización de la cuenta de usuario fue correcta')
    see(app, 'Paso 4 de 4')
    press(app, 'Salir')
    see(app, 'Mis acuses')


def create_procedure(app):
    press(app, 'Crear cuenta')
    see(app, 'Paso 1 de 6')
    press(app, 'Usar la CURP de una e.firma de prueba del SAT')
    press(app, 'Siguiente')
    press(app, 'Usar una e.firma de prueba del SAT')
    press(app, 'Verificar')
    see(app, 'Tu e.firma es válida')
    press(app, 'Siguiente')
    see(app, 'Paso 3 de 6')
    time.sleep(0.5)
    typeText('persona@example.mx')
    press(app, 'Autenticar')
    see(app, 'Paso 4 de 6')
    press(app, 'Siguiente')
    see(app, 'Carta de términos y condiciones')
    # Its mnemonic, as a keyboard user ticks it: "He _leído la carta…".
    time.sleep(0.5)
    keyCombo('<Alt>l')
    press(app, 'Firmar')
    see(app, 'Tu cuenta fue creada')
    press(app, 'Salir')


def main():
    process, app = start()
    try:
        see(app, 'Modo de práctica')
        update_procedure(app)
        create_procedure(app)
        # Both acuses are kept and listed.
        items = app.findChildren(lambda node: node.roleName == 'push button'
                                 and (node.name or '').startswith('Abrir el acuse'))
        assert len(items) == 2, f'{len(items)} acuses listed'
    finally:
        process.terminate()
        process.wait(10)
    print('ok')


if __name__ == '__main__':
    main()
