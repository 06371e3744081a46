# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end tests: the real, built app driven over AT-SPI with dogtail.

Usage: ventanilla-e2e.py APP CASE

Each run gets its own X server, its own session bus (and with it its own
accessibility bus) and a throw-away HOME, so it never touches the user's
data and never fights another test for the keyboard focus. Everything is
done as a person would: clicks, typing, reading the labels on screen, in
Spanish.

Exit status follows meson's "exitcode" protocol: 0 passed, 1 failed, 77
skipped (only when the accessibility stack cannot start at all).
"""

import calendar
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile

SKIP = 77
INNER = 'VENTANILLA_E2E_INNER'

# Generous: a loaded two-core machine is slow to start an X server, the
# accessibility bus and the app, and opening an e.firma key takes a while.
TIMEOUT = int(os.environ.get('VENTANILLA_E2E_TIMEOUT', '90'))


def log(*args):
    print('#', *args, flush=True)


# ---------------------------------------------------------------- outer --

def start_x_server(workdir):
    """An Xvfb of our own; -displayfd picks a free display without races."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(['Xvfb', '-displayfd', str(write_fd), '-screen', '0',
                             '1280x1024x24', '-nolisten', 'tcp', '-noreset'],
                            pass_fds=(write_fd,), cwd=workdir,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    number = b''
    with os.fdopen(read_fd, 'rb') as pipe:
        while not number.endswith(b'\n'):
            chunk = pipe.read(1)
            if not chunk:
                break
            number += chunk
    if not number.strip():
        xvfb.wait()
        return None, None
    return xvfb, ':' + number.decode().strip()


def end_leftovers(workdir):
    """Ends what this run started and left behind (the accessibility bus
    daemon, the app after a timeout): every process whose command line or
    environment names this run's private directory."""
    mark = workdir.encode()
    for pid in os.listdir('/proc'):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f'/proc/{pid}/cmdline', 'rb') as stream:
                cmdline = stream.read()
            with open(f'/proc/{pid}/environ', 'rb') as stream:
                environ = stream.read()
        except OSError:
            continue
        if mark in cmdline or mark in environ:
            try:
                os.kill(int(pid), signal.SIGTERM)
            except OSError:
                pass


def outer(app, case):
    for tool in ('Xvfb', 'dbus-run-session'):
        if shutil.which(tool) is None:
            log(f'SKIP: {tool} is not installed')
            return SKIP

    workdir = tempfile.mkdtemp(prefix='ventanilla-e2e-')
    try:
        env = dict(os.environ)
        # The unit and ui tests switch accessibility off and make every
        # warning fatal; the app under test must run as a user's would.
        for name in ('GTK_A11Y', 'NO_AT_BRIDGE', 'G_DEBUG', 'GTK_MODULES',
                     'DBUS_SESSION_BUS_ADDRESS', 'AT_SPI_BUS_ADDRESS',
                     'XAUTHORITY', 'WAYLAND_DISPLAY', 'MALLOC_CHECK_'):
            env.pop(name, None)
        for sub in ('home', 'config', 'data', 'cache', 'runtime'):
            os.makedirs(os.path.join(workdir, sub), mode=0o700)
        env.update({
            'HOME': os.path.join(workdir, 'home'),
            'XDG_CONFIG_HOME': os.path.join(workdir, 'config'),
            'XDG_DATA_HOME': os.path.join(workdir, 'data'),
            'XDG_CACHE_HOME': os.path.join(workdir, 'cache'),
            'XDG_RUNTIME_DIR': os.path.join(workdir, 'runtime'),
            # A real settings backend shared by this script and the app,
            # kept under the throw-away XDG_CONFIG_HOME.
            'GSETTINGS_BACKEND': 'keyfile',
            'GDK_BACKEND': 'x11',
            'GTK_USE_PORTAL': '0',
            'LANG': 'C.UTF-8',
            'LANGUAGE': 'es',
            INNER: workdir,
        })

        xvfb, display = start_x_server(workdir)
        if xvfb is None:
            log('SKIP: the X server did not start')
            return SKIP
        env['DISPLAY'] = display
        try:
            # The session bus is started inside the X session so that the
            # accessibility services it activates can reach the display.
            # Into a file, not our stdout: a daemon of the session that
            # outlives it must not keep meson waiting for the pipe to close.
            with open(os.path.join(workdir, 'log'), 'w+b') as output:
                try:
                    inner_run = subprocess.run(['dbus-run-session', '--', sys.executable,
                                                os.path.abspath(sys.argv[0]), app, case],
                                               env=env, timeout=TIMEOUT * 6,
                                               stdout=output, stderr=subprocess.STDOUT)
                    status = inner_run.returncode
                except subprocess.TimeoutExpired:
                    status = None
                output.seek(0)
                sys.stdout.write(output.read().decode(errors='replace'))
            if status is None:
                log('FAIL: the test did not finish in time')
                return 1
            return status
        finally:
            end_leftovers(workdir)
            xvfb.terminate()
            try:
                xvfb.wait(timeout=10)
            except subprocess.TimeoutExpired:
                xvfb.kill()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# ---------------------------------------------------------------- inner --

class Skip(Exception):
    pass


def enable_accessibility():
    from gi.repository import Gio

    source = Gio.SettingsSchemaSource.get_default()
    if source is None or source.lookup('org.gnome.desktop.interface', True) is None:
        raise Skip('the schema org.gnome.desktop.interface is not installed')
    settings = Gio.Settings.new('org.gnome.desktop.interface')
    settings.set_boolean('toolkit-accessibility', True)
    Gio.Settings.sync()


def check_accessibility_bus():
    import gi
    gi.require_version('Atspi', '2.0')
    from gi.repository import Atspi

    try:
        if Atspi.init() not in (0, 1):
            raise Skip('AT-SPI could not be initialised')
        desktop = Atspi.get_desktop(0)
        desktop.get_child_count()
    except Skip:
        raise
    except Exception as error:  # noqa: BLE001 - any failure here means no bus
        raise Skip(f'the accessibility bus cannot start: {error}')


class Session:
    """The app, started for one case, and the ways a person uses it."""

    def __init__(self, app):
        from dogtail import config

        config.logDebugToFile = False
        config.logDebugToStdOut = False
        # Searches retry for up to ~TIMEOUT seconds before giving up.
        config.searchBackoffDuration = 0.5
        config.searchCutoffCount = TIMEOUT * 2
        config.actionDelay = 0.2
        config.typingDelay = 0.02
        config.defaultDelay = 0.2

        self.workdir = os.environ[INNER]
        self.app_path = app
        self.process = None
        self.node = None

    def start(self):
        from dogtail import tree

        build = os.environ['VENTANILLA_BUILD_ROOT']
        env = dict(os.environ)
        env.pop(INNER, None)
        env.setdefault('GSETTINGS_SCHEMA_DIR', os.path.join(build, 'data'))
        env.setdefault('VENTANILLA_LOCALEDIR', os.path.join(build, 'po'))
        env.setdefault('VENTANILLA_DATADIR',
                       os.path.join(os.environ['VENTANILLA_SOURCE_ROOT'], 'data'))
        self.process = subprocess.Popen([self.app_path], env=env)
        log('started', self.app_path, 'pid', self.process.pid)
        self.node = self.wait_for(lambda: self.find_app(tree.root),
                                  'the app to appear on the accessibility bus')
        self.wait_for(lambda: self.title() == 'Ventanilla', 'the start list')

    def find_app(self, root):
        if self.process.poll() is not None:
            raise AssertionError(f'the app exited with status {self.process.returncode}')
        for application in root.applications():
            try:
                if application.get_process_id() == self.process.pid:
                    return application
            except Exception:  # noqa: BLE001 - it may go away while we look
                continue
        return None

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    # -- waiting -----------------------------------------------------------

    def wait_for(self, condition, what, timeout=TIMEOUT):
        """Polls @condition until it returns something true; fails after
        @timeout seconds saying what it waited for."""
        deadline = time.monotonic() + timeout
        last_error = None
        while True:
            try:
                result = condition()
                if result:
                    return result
            except AssertionError:
                raise
            except Exception as error:  # noqa: BLE001 - nodes come and go
                last_error = error
            if self.process is not None and self.process.poll() is not None:
                raise AssertionError(f'the app exited with status {self.process.returncode} '
                                     f'while waiting for {what}')
            if time.monotonic() > deadline:
                raise AssertionError(f'timed out waiting for {what}'
                                     + (f' (last error: {last_error})' if last_error else ''))
            time.sleep(0.2)

    # -- finding -----------------------------------------------------------

    def find(self, role, name=None, within=None, starts=None):
        """The first showing node of @role named @name (or starting with
        @starts), or None."""
        root = within or self.node

        def matches(node):
            if node.roleName != role:
                return False
            text = node.name
            # Some buttons (AdwMessageDialog's) keep their mnemonic mark.
            if role == 'push button':
                text = text.replace('_', '')
            if name is not None and text != name:
                return False
            if starts is not None and not text.startswith(starts):
                return False
            return True

        for node in root.findChildren(matches, recursive=True, showingOnly=False):
            return node
        return None

    def find_all(self, role, within=None):
        root = within or self.node
        return root.findChildren(lambda node: node.roleName == role, recursive=True,
                                 showingOnly=False)

    def wait_node(self, role, name=None, within=None, starts=None, what=None):
        return self.wait_for(lambda: self.find(role, name, within, starts),
                             what or f'{role} “{name or starts}”')

    def title(self):
        """The window title in the header bar: the page's name."""
        frame = self.window()
        title = self.find('filler', 'AdwWindowTitle', within=frame)
        labels = self.find_all('label', within=title) if title is not None else []
        return labels[0].name if labels else None

    def assistant(self):
        return self.find('filler', 'VntAssistant', within=self.window())

    def window(self):
        for child in self.node.children:
            if child.roleName == 'frame':
                return child
        return None

    def labels(self, within=None):
        return [label.name for label in self.find_all('label', within)]

    # -- acting --------------------------------------------------------------

    def press(self, node):
        """A click: the button's own action, or the pointer on its middle
        for rows, which GTK 4.8 does not expose an action for."""
        from dogtail import rawinput

        if 'click' in (node.actions or {}):
            log('click', node.roleName, repr(node.name))
            node.doActionNamed('click')
            return
        x, y = node.position
        width, height = node.size
        log('pointer click', node.roleName, repr(node.name), (x + width // 2, y + height // 2))
        rawinput.click(x + width // 2, y + height // 2)

    def type_into(self, node, text, secret=False):
        """Clicks into a text field and types, as a person would."""
        from dogtail import rawinput

        x, y = node.position
        width, height = node.size
        # GTK 4.8 does not report the focus of the text inside the row;
        # the pointer and key events reach the app in order anyway.
        rawinput.click(x + width // 2, y + height // 2)
        log('type into', repr(node.name), '(secret)' if secret else repr(text))
        rawinput.keyCombo('<Control>a')
        rawinput.typeText(text)

    def choose_file(self, button, dialog_title, path):
        """Opens the file chooser with @button and types @path into its
        location entry (Ctrl+L), then presses Enter."""
        from dogtail import rawinput

        self.wait_for(lambda: button.sensitive, f'“{button.name}” to be usable')
        self.press(button)
        dialog = self.wait_for(lambda: self.find_toplevel(dialog_title),
                               f'the file chooser “{dialog_title}”')
        # The file list has the focus once the dialog is up.
        self.wait_for(lambda: self.find('filler', 'GtkFileChooserWidget', within=dialog),
                      'the file chooser widget')
        rawinput.keyCombo('<Control>l')
        entry = self.wait_for(lambda: self.focused_text(dialog), 'the location entry')
        log('location entry', entry.roleName, repr(entry.name))
        rawinput.typeText(path)
        # Key events reach the app in order: Enter comes after the path.
        rawinput.pressKey('Return')
        # An Enter that lands while the entry's completion pops up only
        # takes the completion: press it again, as a person would.
        for _ in range(2):
            try:
                self.wait_for(lambda: self.find_toplevel(dialog_title) is None,
                              'the file chooser to close', timeout=5)
                return
            except AssertionError:
                if self.process.poll() is not None:
                    raise
                log('the file chooser is still open: Enter again')
                rawinput.pressKey('Return')
        self.wait_for(lambda: self.find_toplevel(dialog_title) is None,
                      'the file chooser to close')

    def save_file(self, button, dialog_title, path):
        """Opens the save dialog with @button (None: it is opening) and
        types @path over the suggested name, whose entry has the focus,
        then presses Enter."""
        from dogtail import rawinput

        if button is not None:
            self.wait_for(lambda: button.sensitive, f'“{button.name}” to be usable')
            self.press(button)
        dialog = self.wait_for(lambda: self.find_toplevel(dialog_title),
                               f'the file chooser “{dialog_title}”')
        self.wait_for(lambda: self.find('filler', 'GtkFileChooserWidget', within=dialog),
                      'the file chooser widget')
        entry = self.wait_for(lambda: self.focused_text(dialog), 'the name entry')
        log('name entry', entry.roleName, repr(entry.name))
        rawinput.keyCombo('<Control>a')
        rawinput.typeText(path)
        rawinput.pressKey('Return')
        self.wait_for(lambda: self.find_toplevel(dialog_title) is None,
                      'the file chooser to close')

    def find_toplevel(self, name):
        for child in self.node.children:
            if child.name == name:
                return child
        return None

    def focused_text(self, within):
        for node in within.findChildren(lambda n: n.roleName in ('text', 'entry') and n.focused,
                                        recursive=True, showingOnly=False):
            return node
        return None

    @staticmethod
    def text_of(node):
        # GTK 4.8 gives a label's text as its name (its Text interface is
        # empty), and an entry's as its text.
        if node.roleName == 'label':
            return node.name or ''
        try:
            return node.text or ''
        except Exception:  # noqa: BLE001 - not every node has text
            return ''

    def row_texts(self, row_name, within=None):
        """What a row shows besides its title: a file name, the value of
        a detail of the certificate, the label of its button."""
        row = self.find('list item', row_name, within=within)
        if row is None:
            return []
        texts = [self.text_of(label) for label in self.find_all('label', within=row)]
        return [text for text in texts if text and text != row_name]


# ----------------------------------------------------------------- data --

def testdata(path=''):
    return os.path.join(os.environ['VENTANILLA_TESTDATA'], path)


def manifest():
    with open(testdata('manifest.json'), encoding='utf-8') as stream:
        return json.load(stream)


def current_fiel():
    """A SAT test e.firma that is valid today, from the manifest."""
    now = time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())
    for pair in manifest()['pairs']:
        if (pair['type'] == 'FIEL' and pair['not_before'] <= now < pair['not_after']
                and pair.get('expected_key_matches_cert', True)):
            return pair
    raise AssertionError('the SAT test set has no e.firma valid today')


# ---------------------------------------------------------------- cases --

def open_check_page(session, pair):
    session.press(session.wait_node('list item', 'Revisar mi e.firma'))
    session.wait_for(lambda: session.title() == 'Revisar mi e.firma', 'the page “Revisar mi e.firma”')
    page = session.wait_node('filler', 'VntCheckPage')

    cer_button = session.wait_node('push button', starts='Elegir el certificado', within=page)
    session.choose_file(cer_button, 'Elige el certificado (.cer)', testdata(pair['cer']))
    session.wait_for(lambda: os.path.basename(pair['cer'])
                     in session.row_texts('Certificado (.cer)', within=page),
                     'the certificate in its row')

    key_button = session.wait_node('push button', starts='Elegir la llave privada', within=page)
    session.choose_file(key_button, 'Elige la llave privada (.key)', testdata(pair['key']))
    session.wait_for(lambda: os.path.basename(pair['key'])
                     in session.row_texts('Llave privada (.key)', within=page),
                     'the key in its row')
    return page


def validate(session, page, password):
    field = session.wait_node('text', 'Contraseña de la llave privada', within=page)
    session.type_into(field, password, secret=True)
    button = session.wait_node('push button', starts='Validar', within=page)
    session.wait_for(lambda: button.sensitive, '“Validar” to be usable')
    session.press(button)
    return session.wait_node('label', starts='Tu e.firma ', within=page, what='the verdict')


def case_check_valid(session):
    pair = current_fiel()
    page = open_check_page(session, pair)
    verdict = validate(session, page, pair['password'])
    log('verdict:', verdict.name)
    assert verdict.name == 'Tu e.firma está lista para usarse', verdict.name

    # The facts a person copies from the screen, against the test set.
    rfc_title = 'RFC de la empresa' if pair['persona'] == 'moral' else 'RFC'
    session.wait_node('list item', 'Número de certificado', within=page)
    number = session.row_texts('Número de certificado', within=page)
    rfc = session.row_texts(rfc_title, within=page)
    log('número de certificado:', number, '·', rfc_title + ':', rfc)
    assert number == [pair['sat_serial']], number
    assert rfc == [pair['rfc']], rfc
    # A SAT test certificate says so instead of pretending to be verified.
    assert any('pruebas del SAT' in text for text in session.labels(page)), 'no test-certificate note'


def case_check_wrong_password(session):
    pair = current_fiel()
    page = open_check_page(session, pair)
    verdict = validate(session, page, pair['password'] + 'x')
    log('verdict:', verdict.name)
    assert verdict.name == 'Tu e.firma no puede usarse: la contraseña no abre la llave privada', \
        verdict.name
    # What to do next is said under the field, and the field is empty for
    # the next try.
    session.wait_node('label', starts='La contraseña no abre la llave privada', within=page)
    field = session.find('text', 'Contraseña de la llave privada', within=page)
    assert session.text_of(field) == '', 'the wrong password stayed in the field'

    # Typing the right one then works.
    verdict = validate(session, page, pair['password'])
    session.wait_for(lambda: session.find('label', 'Tu e.firma está lista para usarse', within=page),
                     'the verdict after the right password')


# -- the Escritorio Virtual procedures, in practice mode --------------------

def practice_efirmas():
    """The practice e.firmas practice mode made on its first start, beside
    its database: what the manifest says, and each certificate's number
    (its serial, ASCII digits) and holder, as openssl reads them."""
    folder = os.path.join(os.environ['XDG_DATA_HOME'], 'ventanilla', 'practica-efirmas')
    with open(os.path.join(folder, 'efirmas.json'), encoding='utf-8') as stream:
        entries = json.load(stream)['efirmas']
    for entry in entries:
        entry['cer'] = os.path.join(folder, entry['cer'])
        entry['key'] = os.path.join(folder, entry['key'])
        serial = subprocess.run(['openssl', 'x509', '-inform', 'DER', '-in', entry['cer'], '-noout', '-serial'],
                                check=True, capture_output=True, text=True).stdout
        entry['number'] = bytes.fromhex(serial.strip().split('=', 1)[1]).decode('ascii')
        # The RFC is in the file name; the holders are fixed.
        entry['rfc'] = os.path.basename(entry['cer']).split('-', 1)[1][:-len('.cer')]
        entry.update(PRACTICE_HOLDERS.get(entry['rfc'], {}))
    return entries


# The practice holders (src/controllers/vnt-practice-efirmas.c).
PRACTICE_HOLDERS = {
    'PUSA850312AB7': {'name': 'ANA LAURA PRUEBA SOLIS', 'curp': 'PUSA850312MJCRLN09'},
    'EARC900825JK4': {'name': 'CARLOS ENSAYO RUIZ', 'curp': 'EARC900825HDFNZR01'},
    'SIVM780105LP8': {'name': 'MARTA SIMULACRO VEGA', 'curp': 'SIVM780105MNLMGR01'},
}


def practice_for_cer(name):
    for entry in practice_efirmas():
        if os.path.basename(entry['cer']) == name:
            return entry
    raise AssertionError(f'{name} is not one of the practice e.firmas')


def wait_step(session, number, total):
    session.wait_node('label', f'Paso {number} de {total}', what=f'step {number} of {total}')


def press_next(session, label):
    """The assistant's forward button, whose label says what it does."""
    button = session.wait_node('push button', label, within=session.assistant())
    session.wait_for(lambda: button.sensitive, f'“{label}” to be usable')
    session.press(button)


def case_create_account(session):
    session.press(session.wait_node('push button', starts='Crear cuenta'))
    session.wait_for(lambda: session.title() == 'Crear cuenta', 'the procedure “Crear cuenta”')
    assert session.find('push button', starts='Modo de práctica') is not None, \
        'practice mode is not the default'

    # 1. CURP: the newcomer's button for a practice e.firma's CURP.
    wait_step(session, 1, 6)
    curp_page = session.wait_node('filler', 'VntCurpPage')
    session.press(session.wait_node('push button', starts='Usar la CURP de una e.firma de práctica',
                                    within=curp_page))
    press_next(session, 'Siguiente')

    # 2. e.firma: the practice e.firma of that CURP, then "Verificar".
    wait_step(session, 2, 6)
    efirma_page = session.wait_node('filler', 'VntEfirmaPage')
    session.press(session.wait_node('push button', starts='Usar una e.firma de práctica',
                                    within=efirma_page))
    # GTK 4.8 does not expose the text of an entry row; the file name in
    # the certificate row says which practice e.firma it is.
    cer = session.wait_for(lambda: [text for text in session.row_texts('Certificado (.cer)',
                                                                       within=efirma_page)
                                    if text.endswith('.cer')], 'the practice certificate in its row')
    pair = practice_for_cer(cer[0])
    curp = pair['curp']
    log('practice e.firma', cer[0], '·', pair['name'], '·', curp)
    session.press(session.wait_node('push button', starts='Verificar', within=efirma_page))
    session.wait_node('label', 'Tu e.firma es válida', within=efirma_page)
    press_next(session, 'Siguiente')

    # 3. Contact: an e-mail, typed.
    wait_step(session, 3, 6)
    contact_page = session.wait_node('filler', 'VntContactPage')
    session.type_into(session.wait_node('text', 'Correo electrónico', within=contact_page),
                      'e2e@example.mx')
    press_next(session, 'Autenticar')

    # 4. What the service has: the holder of the e.firma.
    wait_step(session, 4, 6)
    review = session.wait_node('filler', 'VntConfirmPage')
    session.wait_for(lambda: curp in session.row_texts('CURP', within=review), 'the CURP under review')
    assert pair['name'] in session.row_texts('Nombre', within=review), session.labels(review)
    press_next(session, 'Siguiente')

    # 5. The letter, read and accepted by signing it.
    wait_step(session, 5, 6)
    terms = session.wait_node('filler', 'VntTermsPage')
    letter = session.wait_node('text', 'Carta de términos y condiciones', within=terms)
    assert session.text_of(letter).strip(), 'the letter is empty'
    sign = session.wait_node('push button', 'Firmar', within=session.assistant())
    assert not sign.sensitive, '“Firmar” before the letter is accepted'
    accept = session.wait_node('check box', starts='He ', within=terms)
    session.press(accept)
    press_next(session, 'Firmar')

    # 6. The acuse.
    wait_step(session, 6, 6)
    acuse = session.wait_node('filler', 'VntAcusePage')
    session.wait_node('label', 'Tu cuenta fue creada', within=acuse)
    session.wait_for(lambda: curp in session.row_texts('CURP', within=acuse), 'the CURP on the acuse')
    folio = session.row_texts('Folio', within=acuse)
    log('acuse: folio', folio)
    assert folio and folio[0], 'the acuse has no folio'
    session.press(session.wait_node('push button', starts='Salir', within=acuse))

    # Back at the start, "Mis acuses" lists it.
    session.wait_for(lambda: session.title() == 'Ventanilla', 'the start list')
    session.wait_node('label', starts=f'Folio {folio[0]}', what='the acuse in “Mis acuses”')


def seed_representations(curp, companies):
    """The companies @curp represents, each (RFC, razón social), in the
    practice service's database, as if "Registrar empresa representada" had
    concluded: through the sandbox's own --add-representation, while the app
    is not running."""
    sandbox = os.path.join(os.environ['VENTANILLA_BUILD_ROOT'], 'src', 'sandbox',
                           'ventanilla-sandbox')
    database = os.path.join(os.environ['XDG_DATA_HOME'], 'ventanilla', 'practica.db')
    args = [sandbox, '--db', database, '--listen', '127.0.0.1:0', '--http']
    for rfc, razon_social in companies:
        args += ['--add-representation', ','.join([curp, rfc, razon_social])]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    try:
        # It is ready, the representations stored, once it listens.
        for line in process.stdout:
            if '/v1/' in line:
                break
        else:
            raise AssertionError(f'ventanilla-sandbox exited with status {process.wait()}')
    finally:
        process.terminate()
        process.wait(timeout=30)


def case_update_efirma(session):
    # A fresh practice service knows ANA's account, made with an earlier
    # e.firma; the practice e.firma it made for her is the renewed one.
    session.press(session.wait_node('push button', starts='Actualización de la e.firma'))
    session.wait_for(lambda: session.title() == 'Actualización de la e.firma',
                     'the procedure “Actualización de la e.firma”')

    # 1. CURP, typed. Practice mode has made its e.firmas by now.
    wait_step(session, 1, 4)
    pair = next(entry for entry in practice_efirmas() if entry['account'] == 'earlier')
    curp = pair['curp']
    previous = pair['earlier_certificate_number']
    assert previous != pair['number']
    curp_page = session.wait_node('filler', 'VntCurpPage')
    session.type_into(session.wait_node('text', 'CURP', within=curp_page), curp)
    press_next(session, 'Siguiente')

    # 2. RFC typed, the files chosen in the file chooser, the password
    # typed, "Validar", then "Firmar".
    wait_step(session, 2, 4)
    page = session.wait_node('filler', 'VntEfirmaPage')
    session.type_into(session.wait_node('text', 'RFC', within=page), pair['rfc'])
    session.choose_file(session.wait_node('push button', starts='Elegir el certificado', within=page),
                        'Elige el certificado (.cer)', pair['cer'])
    session.wait_for(lambda: os.path.basename(pair['cer'])
                     in session.row_texts('Certificado (.cer)', within=page),
                     'the certificate in its row')
    session.choose_file(session.wait_node('push button', starts='Elegir la llave privada', within=page),
                        'Elige la llave privada (.key)', pair['key'])
    session.wait_for(lambda: os.path.basename(pair['key'])
                     in session.row_texts('Llave privada (.key)', within=page),
                     'the key in its row')
    session.type_into(session.wait_node('text', 'Contraseña de la llave privada', within=page),
                      pair['password'], secret=True)
    session.press(session.wait_node('push button', starts='Validar', within=page))
    session.wait_node('label', 'Tu e.firma es válida', within=page)
    press_next(session, 'Firmar')

    # 3. The service saw the new number: both numbers and the holder.
    wait_step(session, 3, 4)
    confirm = session.wait_node('filler', 'VntConfirmPage')
    session.wait_node('status bar', starts='Se detectó que el número de serie de su firma digital fue modificado',
                      within=confirm)
    assert session.row_texts('Número de certificado anterior', within=confirm) == [previous], \
        session.row_texts('Número de certificado anterior', within=confirm)
    assert session.row_texts('Número de certificado nuevo', within=confirm) == [pair['number']], \
        session.row_texts('Número de certificado nuevo', within=confirm)
    assert session.row_texts('CURP', within=confirm) == [curp]
    assert session.row_texts('Nombre', within=confirm) == [pair['name']]
    finish = session.wait_node('push button', 'Finalizar Trámite', within=session.assistant())
    assert not finish.sensitive, '“Finalizar Trámite” before the trámite is saved'
    session.press(session.wait_node('push button', starts='Guardar Trámite', within=confirm))
    press_next(session, 'Finalizar Trámite')

    # The FIEL confirmation, accepted.
    dialog = session.wait_for(lambda: session.find_toplevel('Confirmación de la FIEL'),
                              'the FIEL confirmation')
    session.wait_node('label', starts='Al ingresar tu FIEL estás aceptando', within=dialog)
    session.press(session.wait_node('push button', starts='Aceptar', within=dialog))

    # 4. The acuse.
    wait_step(session, 4, 4)
    acuse = session.wait_node('filler', 'VntAcusePage')
    session.wait_node('label', 'La actualización de la cuenta de usuario fue correcta', within=acuse)
    session.wait_for(lambda: pair['rfc'] in session.row_texts('RFC', within=acuse), 'the RFC on the acuse')
    folio = session.row_texts('Folio', within=acuse)
    log('acuse: folio', folio)
    assert folio and folio[0], 'the acuse has no folio'
    session.press(session.wait_node('push button', starts='Salir', within=acuse))
    session.wait_for(lambda: session.title() == 'Ventanilla', 'the start list')
    session.wait_node('label', starts=f'Folio {folio[0]}', what='the acuse in “Mis acuses”')


def open_remove_company(session):
    session.press(session.wait_node('push button', starts='Eliminar empresa representada'))
    session.wait_for(lambda: session.title() == 'Eliminar empresa representada',
                     'the procedure “Eliminar empresa representada”')
    wait_step(session, 1, 4)


def case_remove_company(session):
    # The start window has the row, named in words. Opening it starts
    # practice mode, which makes its e.firmas and database.
    open_remove_company(session)
    session.wait_for(lambda: any(entry.get('curp') for entry in practice_efirmas()),
                     'the practice e.firmas')

    # MARTA, the practice representative (she has an account), represents
    # two companies: recorded while the app is closed.
    pair = next(entry for entry in practice_efirmas() if entry['rfc'] == 'SIVM780105LP8')
    curp = pair['curp']
    companies = [('EKU9003173C9', 'ESCUELA KEMPER URGATE SA DE CV'),
                 ('IIA040805DZ4', 'INDISTRIA ILUMINADORA DE ALMACENES SA DE CV')]
    session.stop()
    seed_representations(curp, companies)
    session.start()
    open_remove_company(session)

    # 1. CURP, typed.
    curp_page = session.wait_node('filler', 'VntCurpPage')
    session.type_into(session.wait_node('text', 'CURP', within=curp_page), curp)
    press_next(session, 'Siguiente')

    # 2. The representative's e.firma: RFC typed, files chosen, password, "Validar".
    wait_step(session, 2, 4)
    page = session.wait_node('filler', 'VntEfirmaPage')
    session.type_into(session.wait_node('text', 'RFC', within=page), pair['rfc'])
    session.choose_file(session.wait_node('push button', starts='Elegir el certificado', within=page),
                        'Elige el certificado (.cer)', pair['cer'])
    session.wait_for(lambda: os.path.basename(pair['cer'])
                     in session.row_texts('Certificado (.cer)', within=page),
                     'the certificate in its row')
    session.choose_file(session.wait_node('push button', starts='Elegir la llave privada', within=page),
                        'Elige la llave privada (.key)', pair['key'])
    session.wait_for(lambda: os.path.basename(pair['key'])
                     in session.row_texts('Llave privada (.key)', within=page),
                     'the key in its row')
    session.type_into(session.wait_node('text', 'Contraseña de la llave privada', within=page),
                      pair['password'], secret=True)
    session.press(session.wait_node('push button', starts='Validar', within=page))
    session.wait_node('label', 'Tu e.firma es válida', within=page)
    press_next(session, 'Siguiente')

    # 3. "Datos de las empresas representadas": both, none chosen yet.
    wait_step(session, 3, 4)
    table = session.wait_node('filler', 'VntRemoveCompanyPage')
    session.wait_node('label', 'A continuación selecciona a las empresas representadas a dar de baja:',
                      within=table)
    for rfc, razon_social in companies:
        session.wait_node('list item', razon_social, within=table)
    press_next(session, 'Finalizar Trámite')
    # An alert under the table (its role is the alert's, not a label's).
    refusal = 'Debe seleccionar al menos una empresa representada a dar de baja'
    session.wait_for(lambda: table.findChildren(lambda node: node.name == refusal, recursive=True,
                                                showingOnly=False),
                     'the refusal when nothing is selected')

    # One chosen ("Selección"), then "Finalizar Trámite", signed with the e.firma.
    rfc, razon_social = companies[1]
    check = session.wait_node('check box', razon_social, within=table)
    session.press(check)
    session.wait_for(lambda: check.checked, 'the company to be selected')
    press_next(session, 'Finalizar Trámite')

    # 4. The acuse.
    wait_step(session, 4, 4)
    acuse = session.wait_node('filler', 'VntAcusePage')
    session.wait_node('label', 'Su solicitud ha finalizado correctamente', within=acuse)
    session.wait_for(lambda: curp in session.row_texts('CURP', within=acuse), 'the CURP on the acuse')


# The practice IDSE certificates (src/controllers/vnt-practice-idse.h).
PRACTICE_IDSE_USUARIO = 'practica01'
PRACTICE_IDSE_PASSWORD = 'Practica2026'
PRACTICE_IDSE_NPIE = 'PRACTICA0001'


def case_idse_cancel(session):
    session.press(session.wait_node('push button', starts='Cancelación del Certificado Digital'))
    session.wait_for(lambda: session.title() == 'Cancelación del Certificado Digital',
                     'the procedure “Cancelación del Certificado Digital”')

    # 1. The practice IDSE certificate (a .pfx and its contraseña).
    wait_step(session, 1, 3)
    page = session.wait_node('filler', 'VntIdseCertificatePage')
    session.press(session.wait_node('push button', starts='Usar el certificado IDSE de práctica', within=page))
    session.wait_for(lambda: [text for text in session.row_texts('Certificado (.pfx o .cer)', within=page)
                              if text.endswith('.pfx')], 'the practice .pfx in its row')
    press_next(session, 'Siguiente')

    # 2. Usuario and contraseña typed; "Cancelar certificado", confirmed.
    wait_step(session, 2, 3)
    form = session.wait_node('filler', 'VntIdseCancelPage')
    session.type_into(session.wait_node('text', 'Usuario', within=form), PRACTICE_IDSE_USUARIO)
    session.type_into(session.wait_node('text', 'Contraseña', within=form), PRACTICE_IDSE_PASSWORD,
                      secret=True)
    press_next(session, 'Cancelar certificado')
    dialog = session.wait_for(lambda: session.find_toplevel('¿Cancelar el certificado?'),
                              'the confirmation')
    session.wait_node('label', starts='El certificado', within=dialog)
    session.press(session.wait_node('push button', starts='Cancelar certificado', within=dialog))

    # 3. The acuse.
    wait_step(session, 3, 3)
    acuse = session.wait_node('filler', 'VntAcusePage')
    session.wait_node('label', 'Tu certificado digital fue cancelado', within=acuse)
    folio = session.row_texts('Folio', within=acuse)
    log('acuse: folio', folio)
    assert folio and folio[0], 'the acuse has no folio'
    session.press(session.wait_node('push button', starts='Salir', within=acuse))
    session.wait_for(lambda: session.title() == 'Ventanilla', 'the start list')
    session.wait_node('label', starts=f'Folio {folio[0]}', what='the acuse in “Mis acuses”')


def case_idse_renew(session):
    """"Renovación del Certificado Digital" in practice mode with the
    practice certificate that expired 30 days ago: the company's data and
    a new e-mail, a new key, the renewal and the letter signed with the
    expired certificate, the new certificate saved as .pfx (opened by
    openssl), the letter signed again with it, the "Carta de Condiciones
    de Uso", the acuse in "Mis acuses"."""
    session.press(session.wait_node('push button', starts='Renovación del Certificado Digital'))
    session.wait_for(lambda: session.title() == 'Renovación del Certificado Digital',
                     'the procedure “Renovación del Certificado Digital”')

    # 1. The expired practice certificate (a .pfx and its contraseña).
    wait_step(session, 1, 9)
    page = session.wait_node('filler', 'VntIdseCertificatePage')
    session.press(session.wait_node('push button', starts='Usar el certificado IDSE de práctica', within=page))
    session.wait_for(lambda: [text for text in session.row_texts('Certificado (.pfx o .cer)', within=page)
                              if text.endswith('renovar.pfx')], 'the practice .pfx in its row')
    press_next(session, 'Siguiente')

    # 2. The company's data; only the e-mail is typed.
    wait_step(session, 2, 9)
    page = session.wait_node('filler', 'VntIdseRenewDataPage')
    session.wait_for(lambda: session.row_texts('NPIE', within=page) == [PRACTICE_IDSE_NPIE], 'the NPIE')
    validity = session.wait_for(lambda: session.row_texts('Vigencia', within=page), 'the validity')
    assert validity[0].startswith('Venció el'), validity
    session.type_into(session.wait_node('text', 'Correo electrónico', within=page), 'nominas@practica.mx')
    press_next(session, 'Siguiente')

    # 3. The new key.
    wait_step(session, 3, 9)
    page = session.wait_node('filler', 'VntKeyPage')
    session.type_into(session.wait_node('text', 'Contraseña de la llave nueva', within=page),
                      'LlaveRenov2026', secret=True)
    session.type_into(session.wait_node('text', 'Confirmar la contraseña', within=page),
                      'LlaveRenov2026', secret=True)
    press_next(session, 'Generar llave')

    # 4. The renewal, sent with the expired certificate.
    wait_step(session, 4, 9)
    page = session.wait_node('filler', 'VntIdseRenewSendPage')
    key = session.wait_for(lambda: session.row_texts('Llave privada nueva', within=page), 'the new key')[0]
    log('new key', key)
    assert os.path.isfile(key), key
    assert os.stat(key).st_mode & 0o777 == 0o600, oct(os.stat(key).st_mode)
    press_next(session, 'Enviar renovación')

    # 5. The letter, signed with the expired certificate.
    wait_step(session, 5, 9)
    terms = session.wait_node('filler', 'VntTermsPage')
    session.wait_node('heading', 'Carta de Términos y Condiciones para la Obtención y Uso del NPIE y Certificado Digital',
                      within=terms)
    session.press(session.wait_node('check box', starts='He ', within=terms))
    press_next(session, 'Firmar')

    # 6. The new certificate, saved as .pfx beside the new key.
    wait_step(session, 6, 9)
    page = session.wait_node('filler', 'VntPfxPage')
    session.wait_node('label', starts='El IMSS emitió tu certificado nuevo', within=page)
    pfx = session.wait_for(lambda: [text for text in session.row_texts('Guardar como', within=page)
                                    if text.startswith('/') and text.endswith('.pfx')], 'where the .pfx goes')[0]
    log('pfx', pfx)
    session.type_into(session.wait_node('text', 'Contraseña de IDSE', within=page), PRACTICE_IDSE_PASSWORD,
                      secret=True)
    session.type_into(session.wait_node('text', 'Confirma la contraseña', within=page), PRACTICE_IDSE_PASSWORD,
                      secret=True)
    press_next(session, 'Guardar .pfx')

    # 7. The letter again, with the new certificate.
    wait_step(session, 7, 9)
    subprocess.run(['openssl', 'pkcs12', '-in', pfx, '-passin', 'pass:' + PRACTICE_IDSE_PASSWORD, '-noout'],
                   check=True)
    log('openssl pkcs12 read', pfx)
    press_next(session, 'Firmar con el certificado nuevo')

    # 8. "Se ha generado exitosamente…", the Carta de Condiciones de Uso.
    wait_step(session, 8, 9)
    page = session.wait_node('filler', 'VntIdseRenewConditionsPage')
    session.wait_node('status bar', 'Se ha generado exitosamente su Certificado Digital.', within=page)
    check = session.wait_node('check box', starts='He ', within=page)
    session.wait_for(lambda: check.sensitive, 'the Carta de Condiciones de Uso')
    session.press(check)
    press_next(session, 'Firmar')

    # 9. The acuse.
    wait_step(session, 9, 9)
    acuse = session.wait_node('filler', 'VntAcusePage')
    session.wait_node('label', 'Tu certificado digital fue renovado', within=acuse)
    folio = session.row_texts('Folio', within=acuse)
    log('acuse: folio', folio)
    assert folio and folio[0], 'the acuse has no folio'
    session.press(session.wait_node('push button', starts='Salir', within=acuse))
    session.wait_for(lambda: session.title() == 'Ventanilla', 'the start list')
    session.wait_node('label', starts=f'Folio {folio[0]}', what='the acuse in “Mis acuses”')


def fixture(path):
    """A file tests/fixtures made in the build tree (the PDFs)."""
    return os.path.join(os.environ['VENTANILLA_FIXTURES'], path)


def choose_efirma(session, page, pair):
    """RFC typed, the files chosen in the file chooser, the password typed,
    "Validar"."""
    session.type_into(session.wait_node('text', 'RFC', within=page), pair['rfc'])
    session.choose_file(session.wait_node('push button', starts='Elegir el certificado', within=page),
                        'Elige el certificado (.cer)', testdata(pair['cer']))
    session.wait_for(lambda: os.path.basename(pair['cer'])
                     in session.row_texts('Certificado (.cer)', within=page),
                     'the certificate in its row')
    session.choose_file(session.wait_node('push button', starts='Elegir la llave privada', within=page),
                        'Elige la llave privada (.key)', testdata(pair['key']))
    session.wait_for(lambda: os.path.basename(pair['key'])
                     in session.row_texts('Llave privada (.key)', within=page),
                     'the key in its row')
    session.type_into(session.wait_node('text', 'Contraseña de la llave privada', within=page),
                      pair['password'], secret=True)
    session.press(session.wait_node('push button', starts='Validar', within=page))
    session.wait_node('label', 'Tu e.firma es válida', within=page)


def efirma_page_titled(session, title):
    """The e.firma page whose group is titled @title: the procedure has
    two, the representative's and the company's."""
    return session.wait_for(lambda: [node for node in session.find_all('filler', within=session.assistant())
                                     if node.name == 'VntEfirmaPage'
                                     and session.find('label', title, within=node) is not None],
                            f'the e.firma page “{title}”')[0]


def case_company_register(session):
    # A newcomer in practice mode: MARTA, a practice persona with an
    # account, represents the practice company in its e.firma.
    session.press(session.wait_node('push button', starts='Registrar empresa representada'))
    session.wait_for(lambda: session.title() == 'Registrar empresa representada',
                     'the procedure “Registrar empresa representada”')

    # 1. The representative's CURP: the practice button.
    wait_step(session, 1, 7)
    curp_page = session.wait_node('filler', 'VntCurpPage')
    session.press(session.wait_node('push button', starts='Usar la CURP de una e.firma de', within=curp_page))
    press_next(session, 'Siguiente')

    # 2. His own e.firma, the practice one of that CURP, then "Validar".
    wait_step(session, 2, 7)
    page = efirma_page_titled(session, 'Tu e.firma')
    session.press(session.wait_node('push button', starts='Usar una e.firma de', within=page))
    cer = session.wait_for(lambda: [text for text in session.row_texts('Certificado (.cer)', within=page)
                                    if text.endswith('.cer')], 'the practice certificate in its row')
    person = practice_for_cer(cer[0])
    log('representative', cer[0], '·', person.get('name'))
    session.press(session.wait_node('push button', starts='Validar', within=page))
    session.wait_node('label', 'Tu e.firma es válida', within=page)
    press_next(session, 'Siguiente')

    # 3. The company's e.firma: the practice company he represents.
    wait_step(session, 3, 7)
    page = efirma_page_titled(session, 'e.firma de la empresa')
    session.press(session.wait_node('push button', starts='Usar una e.firma de', within=page))
    cer = session.wait_for(lambda: [text for text in session.row_texts('Certificado (.cer)', within=page)
                                    if text.endswith('.cer')], 'the company’s certificate in its row')
    company = practice_for_cer(cer[0])
    log('company', cer[0])
    session.press(session.wait_node('push button', starts='Validar', within=page))
    session.wait_node('label', 'Tu e.firma es válida', within=page)
    press_next(session, 'Siguiente')

    # 4. "Registrar representante legal": the company as its e.firma has it,
    # and the kind of poder.
    wait_step(session, 4, 7)
    data = session.wait_node('filler', 'VntCompanyDataPage')
    session.wait_for(lambda: company['rfc'] in session.row_texts('RFC', within=data), 'the company’s RFC')
    razon_social = session.row_texts('Razón social', within=data)
    log('razón social', razon_social)
    assert razon_social and razon_social[0].endswith(' SA DE CV'), razon_social
    assert session.row_texts('Tipo sociedad', within=data) == ['SA DE CV']
    session.wait_node('label', 'Selecciona el tipo de poder que se le otorga:', within=data)
    # GTK 4.8 gives grouped check buttons the check box role.
    session.press(session.wait_for(lambda: session.find('radio button', 'Especial, para trámites ante el IMSS', within=data)
                                   or session.find('check box', 'Especial, para trámites ante el IMSS', within=data),
                                   'the option “Especial, para trámites ante el IMSS”'))
    press_next(session, 'Continuar')

    # 5. The poder notarial, chosen in the file chooser.
    wait_step(session, 5, 7)
    poder = session.wait_node('filler', 'VntPoderPage')
    session.choose_file(session.wait_node('push button', starts='Elegir la portada', within=poder),
                        'Portada del poder notarial', fixture('pdf/poder-portada.pdf'))
    session.wait_node('label', 'poder-portada.pdf', within=poder)
    session.choose_file(session.wait_node('push button', starts='Elegir la última hoja', within=poder),
                        'Última hoja del poder notarial', fixture('pdf/poder-ultima-hoja.pdf'))
    session.wait_node('label', 'poder-ultima-hoja.pdf', within=poder)
    assert any(text.endswith('3 páginas') for text in session.labels(poder)), session.labels(poder)
    press_next(session, 'Adjuntar')

    # 6. The carta accepted; the company signs, then the representative.
    wait_step(session, 6, 7)
    sign = session.wait_node('filler', 'VntCompanySignPage')
    accept = session.wait_node('check box', starts='Declaramos que hemos leído', within=sign)
    session.wait_for(lambda: accept.sensitive, 'the carta to load')
    session.wait_node('push button', 'Ver Carta de Términos y Condiciones CTC.', within=sign)
    session.press(accept)
    session.press(session.wait_node('push button', starts='Firmar como empresa', within=sign))
    session.wait_node('label', 'Para completar el registro, ahora es necesario que el representante legal firme con FIEL.',
                      within=sign)
    press_next(session, 'Firmar con FIEL')

    # 7. The acuse.
    wait_step(session, 7, 7)
    acuse = session.wait_node('filler', 'VntAcusePage')
    session.wait_node('label', 'La solicitud fue concluida exitosamente.', within=acuse)
    folio = session.row_texts('Folio', within=acuse)
    log('acuse: folio', folio)
    assert folio and folio[0], 'the acuse has no folio'
    session.press(session.wait_node('push button', starts='Salir', within=acuse))
    session.wait_for(lambda: session.title() == 'Ventanilla', 'the start list')
    session.wait_node('label', starts=f'Folio {folio[0]}', what='the acuse in “Mis acuses”')


def idse_request_to_certificate(session):
    """"Solicitud del Certificado Digital" in practice mode up to the
    certificate: the practice company's data and e.firma, a new key, the
    request, the letter, the acuse with its deadline, the visit played.
    Returns the acuse page, its folio and the NPIE."""
    session.press(session.wait_node('push button', starts='Solicitud del Certificado Digital'))
    session.wait_for(lambda: session.title() == 'Solicitud del Certificado Digital',
                     'the procedure “Solicitud del Certificado Digital”')

    # 1. The recommendations.
    wait_step(session, 1, 7)
    session.wait_node('heading', 'SOLICITUD DE CERTIFICADO DIGITAL', within=session.assistant())
    session.wait_node('label', starts='Concluye en tu Subdelegación del IMSS dentro de 10 días hábiles')
    press_next(session, 'Continuar')

    # 2. The form, filled with the practice company's data.
    wait_step(session, 2, 7)
    session.press(session.wait_node('push button', starts='Usar datos de práctica', within=session.assistant()))
    press_next(session, 'Siguiente')

    # 3. The company's practice e.firma (its RFC came from the form).
    wait_step(session, 3, 7)
    page = session.wait_node('filler', 'VntEfirmaPage')
    session.press(session.wait_node('push button', starts='Usar una e.firma de práctica', within=page))
    cer = session.wait_for(lambda: [text for text in session.row_texts('Certificado (.cer)', within=page)
                                    if text.endswith('.cer')], 'the practice certificate in its row')
    log('practice e.firma', cer[0])
    session.press(session.wait_node('push button', starts='Validar', within=page))
    session.wait_node('label', 'Tu e.firma es válida', within=page)
    press_next(session, 'Siguiente')

    # 4. The new key: from the system's random source, saved where said.
    wait_step(session, 4, 7)
    page = session.wait_node('filler', 'VntKeyPage')
    session.wait_node('label', starts='Ventanilla genera ahora la llave privada', within=page)
    session.type_into(session.wait_node('text', 'Contraseña de la llave nueva', within=page),
                      'LlaveIdse2026', secret=True)
    session.type_into(session.wait_node('text', 'Confirmar la contraseña', within=page),
                      'LlaveIdse2026', secret=True)
    press_next(session, 'Generar llave')

    # 5. The request, sent.
    wait_step(session, 5, 7)
    press_next(session, 'Enviar solicitud')

    # 6. The letter, signed.
    wait_step(session, 6, 7)
    terms = session.wait_node('filler', 'VntTermsPage')
    session.wait_node('heading', 'Carta de Términos y Condiciones para la Obtención y Uso del NPIE y Certificado Digital',
                      within=terms)
    session.press(session.wait_node('check box', starts='He ', within=terms))
    press_next(session, 'Firmar')

    # 7. The acuse and its deadline.
    wait_step(session, 7, 7)
    acuse = session.wait_node('filler', 'VntAcusePage')
    session.wait_node('label', 'Tu solicitud fue registrada', within=acuse)
    deadline = session.wait_node('status bar', starts='Acude a tu Subdelegación a más tardar el', within=acuse)
    log('deadline:', deadline.name)
    folio = session.row_texts('Folio', within=acuse)
    assert folio and folio[0], 'the acuse has no folio'

    # The visit played; the certificate for the saved key.
    session.press(session.wait_node('push button', starts='Simular la visita a la Subdelegación', within=acuse))
    session.wait_node('status bar', starts='El IMSS emitió tu certificado', within=acuse)
    npie = session.wait_for(lambda: session.row_texts('NPIE', within=acuse), 'the NPIE')[0]
    log('NPIE', npie)
    return acuse, folio, npie


def case_idse_request(session):
    """The solicitud to its certificate, then the .pfx saved and opened by
    openssl, and the acuse in "Mis acuses"."""
    from dogtail import rawinput

    acuse, folio, npie = idse_request_to_certificate(session)
    # The contraseña has the focus (its row is below the fold): typed,
    # Enter, its confirmation, Enter opens the save dialog.
    session.wait_node('text', 'Contraseña de IDSE', within=acuse)
    time.sleep(0.5)
    log('type the IDSE contraseña (secret), Enter, its confirmation, Enter')
    rawinput.typeText('Practica2026')
    rawinput.pressKey('Return')
    rawinput.typeText('Practica2026')
    rawinput.pressKey('Return')
    pfx = os.path.join(os.environ['HOME'], 'IDSE-e2e.pfx')
    session.save_file(None, 'Guardar el certificado (.pfx)', pfx)
    session.wait_node('status bar', starts='Tu certificado se guardó en', within=acuse)
    subprocess.run(['openssl', 'pkcs12', '-in', pfx, '-passin', 'pass:Practica2026', '-noout'], check=True)
    log('openssl pkcs12 read', pfx)

    session.press(session.wait_node('push button', starts='Salir', within=acuse))
    session.wait_for(lambda: session.title() == 'Ventanilla', 'the start list')
    session.wait_node('label', starts=f'Folio {folio[0]}', what='the acuse in “Mis acuses”')


def case_idse_additional(session):
    """"Certificado Digital adicional" for the NPIE a solicitud gave:
    another usuario, the company's e.firma, a new key, the letter, the
    acuse with its deadline, the visit played."""
    acuse, folio, npie = idse_request_to_certificate(session)
    session.press(session.wait_node('push button', starts='Salir', within=acuse))
    session.wait_for(lambda: session.title() == 'Ventanilla', 'the start list')

    session.press(session.wait_node('push button', starts='Certificado Digital adicional'))
    session.wait_for(lambda: session.title() == 'Certificado Digital adicional',
                     'the procedure “Certificado Digital adicional”')
    wait_step(session, 1, 7)
    session.wait_node('heading', 'CERTIFICADO DIGITAL ADICIONAL', within=session.assistant())
    press_next(session, 'Continuar')

    wait_step(session, 2, 7)
    session.press(session.wait_node('push button', starts='Usar datos de práctica', within=session.assistant()))
    session.type_into(session.wait_node('text', 'NPIE', within=session.assistant()), npie)
    press_next(session, 'Siguiente')

    wait_step(session, 3, 7)
    page = session.wait_node('filler', 'VntEfirmaPage')
    session.press(session.wait_node('push button', starts='Usar una e.firma de práctica', within=page))
    session.wait_for(lambda: [text for text in session.row_texts('Certificado (.cer)', within=page)
                              if text.endswith('.cer')], 'the practice certificate in its row')
    session.press(session.wait_node('push button', starts='Validar', within=page))
    session.wait_node('label', 'Tu e.firma es válida', within=page)
    press_next(session, 'Siguiente')

    wait_step(session, 4, 7)
    page = session.wait_node('filler', 'VntKeyPage')
    session.type_into(session.wait_node('text', 'Contraseña de la llave nueva', within=page),
                      'LlaveIdse2027', secret=True)
    session.type_into(session.wait_node('text', 'Confirmar la contraseña', within=page),
                      'LlaveIdse2027', secret=True)
    press_next(session, 'Generar llave')

    wait_step(session, 5, 7)
    press_next(session, 'Enviar solicitud')

    wait_step(session, 6, 7)
    terms = session.wait_node('filler', 'VntTermsPage')
    session.press(session.wait_node('check box', starts='He ', within=terms))
    press_next(session, 'Firmar')

    wait_step(session, 7, 7)
    acuse = session.wait_node('filler', 'VntAcusePage')
    session.wait_node('label', 'Tu solicitud fue registrada', within=acuse)
    session.wait_node('status bar', starts='Acude a tu Subdelegación a más tardar el', within=acuse)
    second = session.row_texts('Folio', within=acuse)
    assert second and second[0] and second[0] != folio[0], (folio, second)
    session.press(session.wait_node('push button', starts='Simular la visita a la Subdelegación', within=acuse))
    session.wait_node('status bar', starts='El IMSS emitió tu certificado', within=acuse)
    assert session.row_texts('NPIE', within=acuse) == [npie], session.row_texts('NPIE', within=acuse)
    session.press(session.wait_node('push button', starts='Salir', within=acuse))
    session.wait_for(lambda: session.title() == 'Ventanilla', 'the start list')
    session.wait_node('label', starts=f'Folio {second[0]}', what='the acuse in “Mis acuses”')


def case_idse_recover(session):
    """"Recuperación de certificado" in practice mode: the practice NPIE,
    its certificates, the practice key checked against the one chosen,
    the .pfx saved through the file chooser and opened by openssl."""
    session.press(session.wait_node('push button', starts='Recuperación de certificado'))
    session.wait_for(lambda: session.title() == 'Recuperación de certificado',
                     'the procedure “Recuperación de certificado”')

    # 1. The NPIE.
    wait_step(session, 1, 5)
    page = session.wait_node('filler', 'VntIdseNpiePage')
    session.press(session.wait_node('push button', starts='Usar el NPIE de práctica', within=page))
    press_next(session, 'Consultar')

    # 2. Its certificates, with their state: the one to recover chosen.
    wait_step(session, 2, 5)
    page = session.wait_node('filler', 'VntIdseCertificatesPage')
    row = session.wait_node('list item', starts='Certificado 00009900000000000002', within=page)
    session.press(row)
    press_next(session, 'Siguiente')

    # 3. The practice key, checked against that certificate.
    wait_step(session, 3, 5)
    page = session.wait_node('filler', 'VntIdseRecoverKeyPage')
    session.press(session.wait_node('push button', starts='Usar la llave de práctica', within=page))
    session.wait_for(lambda: [text for text in session.row_texts('Llave privada (.key)', within=page)
                              if text.endswith('.key')], 'the practice key in its row')
    press_next(session, 'Verificar llave')

    # 4. The .pfx: where, through the file chooser; the contraseña twice.
    wait_step(session, 4, 5)
    page = session.wait_node('filler', 'VntPfxPage')
    pfx = os.path.join(os.environ['HOME'], 'IDSE-recuperado-e2e.pfx')
    session.save_file(session.wait_node('push button', starts='Elegir', within=page),
                      'Guardar el certificado (.pfx)', pfx)
    session.wait_for(lambda: [text for text in session.row_texts('Guardar como', within=page)
                              if text.endswith('IDSE-recuperado-e2e.pfx')], 'the chosen file in its row')
    session.type_into(session.wait_node('text', 'Contraseña de IDSE', within=page), PRACTICE_IDSE_PASSWORD,
                      secret=True)
    session.type_into(session.wait_node('text', 'Confirma la contraseña', within=page), PRACTICE_IDSE_PASSWORD,
                      secret=True)
    press_next(session, 'Guardar .pfx')

    # 5. Saved, and openssl reads it with the IDSE contraseña.
    wait_step(session, 5, 5)
    saved = session.wait_node('filler', 'VntPfxSavedPage')
    session.wait_node('label', 'Tu certificado fue recuperado', within=saved)
    subprocess.run(['openssl', 'pkcs12', '-in', pfx, '-passin', f'pass:{PRACTICE_IDSE_PASSWORD}', '-noout'],
                   check=True)
    log('openssl pkcs12 read', pfx)
    session.press(session.wait_node('push button', starts='Salir', within=saved))
    session.wait_for(lambda: session.title() == 'Ventanilla', 'the start list')
def state_on(pair, now):
    """The state "Mis e.firmas" shows for @pair's certificate at @now
    (seconds since the epoch), from the manifest's dates."""
    not_after = calendar.timegm(time.strptime(pair['not_after'], '%Y-%m-%d %H:%M:%S UTC'))
    if not_after < now:
        return 'Vencido'
    if not_after - now <= 30 * 24 * 3600:
        return 'Por vencer'
    return 'Vigente'


def case_watch_folder(session):
    # An accountant's folder: a current e.firma, an expired one, a key.
    current = current_fiel()
    expired = next(pair for pair in manifest()['pairs']
                   if pair['type'] == 'FIEL' and pair['not_after'] < current['not_before'])
    folder = os.path.join(os.environ[INNER], 'home', 'Clientes')
    os.makedirs(folder)
    for pair in (current, expired):
        shutil.copy(testdata(pair['cer']), folder)
    shutil.copy(testdata(expired['key']), folder)

    # Its row is at the end of the start window, below the fold: its button.
    session.press(session.wait_node('push button', starts='Mis e.firmas'))
    session.wait_for(lambda: session.title() == 'Mis e.firmas', 'the page “Mis e.firmas”')
    page = session.wait_node('filler', 'VntWatchPage')
    button = session.wait_node('push button', starts='Agregar carpeta', within=page)
    session.choose_file(button, 'Elige una carpeta para vigilar', folder + '/')

    # The folder is listed, and each certificate with its state in words.
    session.wait_node('list item', 'Clientes', within=page, what='the folder’s row')
    now = time.time()
    for pair in (current, expired):
        state = state_on(pair, now)
        session.wait_for(lambda: state in session.row_texts(pair['name'], within=page),
                         f'“{pair["name"]}” shown as “{state}”')
        log(pair['name'], '→', state)
    assert state_on(expired, now) == 'Vencido'
    # The key beside them is never read as a certificate.
    assert session.find('list item', os.path.basename(expired['key']), within=page) is None



# -- SAT's procedures, done on this computer ---------------------------------

def open_start_row(session, name):
    """A procedure's row in the start window (a button or a list item)."""
    row = session.wait_for(lambda: session.find('push button', starts=name) or session.find('list item', name),
                           f'the row “{name}”')
    session.press(row)
    session.wait_for(lambda: session.title() == name, f'the procedure “{name}”')


def choose_folder(session, page, path):
    """"Elegir…", then @path typed in the folder chooser (Ctrl+L) and
    selected."""
    from dogtail import rawinput

    title = 'Elige dónde guardar los archivos'
    button = session.wait_node('push button', starts='Elegir', within=page)
    session.wait_for(lambda: button.sensitive, '“Elegir…” to be usable')
    session.press(button)
    dialog = session.wait_for(lambda: session.find_toplevel(title), f'the folder chooser “{title}”')
    session.wait_for(lambda: session.find('filler', 'GtkFileChooserWidget', within=dialog),
                     'the file chooser widget')
    rawinput.keyCombo('<Control>l')
    session.wait_for(lambda: session.focused_text(dialog), 'the location entry')
    rawinput.typeText(path + '/')
    rawinput.pressKey('Return')
    # Enter may only open the folder: then "Seleccionar" takes it.
    for _ in range(3):
        try:
            session.wait_for(lambda: session.find_toplevel(title) is None, 'the folder chooser to close',
                             timeout=5)
            break
        except AssertionError:
            if session.process.poll() is not None:
                raise
            dialog = session.find_toplevel(title)
            select = dialog and session.find('push button', starts='Seleccionar', within=dialog)
            if select is not None and select.sensitive:
                session.press(select)
            else:
                rawinput.pressKey('Return')
    session.wait_for(lambda: session.find_toplevel(title) is None, 'the folder chooser to close')
    session.wait_for(lambda: session.find('label', path, within=page), f'{path} in the folder row')


def new_usb_folder(name):
    folder = os.path.join(os.environ['HOME'], name)
    os.makedirs(folder, exist_ok=True)
    return folder


def only_file(folder, prefix, suffix):
    found = [name for name in os.listdir(folder) if name.startswith(prefix) and name.endswith(suffix)]
    assert len(found) == 1, f'{folder} should hold one {prefix}…{suffix}: {os.listdir(folder)}'
    return os.path.join(folder, found[0])


def case_sat_request(session):
    """"Requerimiento de e.firma": the form typed, the folder chosen, the
    files written and checked by openssl, what to bring."""
    usb = new_usb_folder('USB-requerimiento')
    open_start_row(session, 'Requerimiento de e.firma')

    wait_step(session, 1, 2)
    page = session.wait_node('filler', 'VntEfirmaRequestPage')
    session.type_into(session.wait_node('text', 'RFC', within=page), 'EARC900825JK4')
    session.type_into(session.wait_node('text', 'CURP', within=page), 'EARC900825HDFNZR01')
    session.type_into(session.wait_node('text', 'Correo electrónico', within=page), 'carlos.prueba@correo.mx')
    session.type_into(session.wait_node('text', 'Contraseña', within=page), 'Llave-Nueva-2026', secret=True)
    session.type_into(session.wait_node('text', 'Confirmar la contraseña', within=page), 'Llave-Nueva-2026',
                      secret=True)
    session.wait_node('label', 'Fuerte.', within=page)
    choose_folder(session, page, usb)
    press_next(session, 'Generar requerimiento')

    wait_step(session, 2, 2)
    done = session.wait_node('filler', 'VntSatResultPage')
    session.wait_node('label', 'Tu requerimiento está listo', within=done)
    session.wait_node('label', starts='Tu identificación oficial', within=done)
    key = only_file(usb, 'Claveprivada_FIEL_EARC900825JK4_', '.key')
    req = only_file(usb, 'Requerimiento_FIEL_EARC900825JK4_', '.req')
    pdf = only_file(usb, 'Solicitud_FIEL_EARC900825JK4_', '.pdf')
    assert os.stat(key).st_mode & 0o777 == 0o600, 'the key is not 0600'
    result = subprocess.run(['openssl', 'req', '-inform', 'DER', '-in', req, '-noout', '-verify'],
                            check=True, capture_output=True, text=True)
    assert 'verify OK' in result.stdout + result.stderr, result.stderr
    with open(pdf, 'rb') as stream:
        assert stream.read(5) == b'%PDF-', 'the sheet is not a PDF'
    log('written and verified:', os.path.basename(key), os.path.basename(req), os.path.basename(pdf))
    session.press(session.wait_node('push button', starts='Salir', within=done))
    session.wait_for(lambda: session.title() == 'Ventanilla', 'the start list')


def case_sat_renew(session):
    """"Renovación de e.firma": a practice e.firma, the new key's
    password, the folder; the .ren checked by openssl cms; the checklist
    starts "Actualización de la e.firma"."""
    usb = new_usb_folder('USB-renovacion')
    open_start_row(session, 'Renovación de e.firma')

    # 1. CARLOS's practice e.firma: RFC typed, files chosen, password.
    wait_step(session, 1, 3)
    session.wait_for(lambda: any(entry.get('curp') for entry in practice_efirmas()),
                     'the practice e.firmas')
    pair = next(entry for entry in practice_efirmas() if entry['rfc'] == 'EARC900825JK4')
    page = session.wait_node('filler', 'VntEfirmaPage')
    session.type_into(session.wait_node('text', 'RFC', within=page), pair['rfc'])
    session.choose_file(session.wait_node('push button', starts='Elegir el certificado', within=page),
                        'Elige el certificado (.cer)', pair['cer'])
    session.wait_for(lambda: os.path.basename(pair['cer'])
                     in session.row_texts('Certificado (.cer)', within=page),
                     'the certificate in its row')
    session.choose_file(session.wait_node('push button', starts='Elegir la llave privada', within=page),
                        'Elige la llave privada (.key)', pair['key'])
    session.wait_for(lambda: os.path.basename(pair['key'])
                     in session.row_texts('Llave privada (.key)', within=page),
                     'the key in its row')
    session.type_into(session.wait_node('text', 'Contraseña de la llave privada', within=page),
                      pair['password'], secret=True)
    session.press(session.wait_node('push button', starts='Validar', within=page))
    session.wait_node('label', 'Tu e.firma es válida', within=page)
    press_next(session, 'Siguiente')

    wait_step(session, 2, 3)
    form = session.wait_node('filler', 'VntEfirmaRenewPage')
    session.type_into(session.wait_node('text', 'Contraseña', within=form), 'Llave-Nueva-2026', secret=True)
    session.type_into(session.wait_node('text', 'Confirmar la contraseña', within=form), 'Llave-Nueva-2026',
                      secret=True)
    choose_folder(session, form, usb)
    press_next(session, 'Generar renovación')

    wait_step(session, 3, 3)
    done = session.wait_node('filler', 'VntSatResultPage')
    session.wait_node('label', 'Tu renovación está lista', within=done)
    session.wait_node('label', starts='Entra a CertiSAT Web', within=done)
    ren = only_file(usb, 'Renovacion_FIEL_', '.ren')
    only_file(usb, 'Claveprivada_FIEL_', '.key')
    result = subprocess.run(['openssl', 'cms', '-verify', '-inform', 'DER', '-in', ren, '-noverify',
                             '-binary', '-out', os.path.join(usb, 'contenido.req')],
                            capture_output=True, text=True)
    assert result.returncode == 0 and 'Verification successful' in result.stderr, result.stderr
    result = subprocess.run(['openssl', 'req', '-inform', 'DER', '-in', os.path.join(usb, 'contenido.req'),
                             '-noout', '-verify'], check=True, capture_output=True, text=True)
    assert 'verify OK' in result.stdout + result.stderr, result.stderr
    log('renewal verified:', os.path.basename(ren))

    # The checklist: the account must learn the new certificate.
    session.wait_node('label', 'Cuando tengas el nuevo certificado', within=done)
    session.press(session.wait_node('push button', 'Actualización de la e.firma', within=done))
    session.wait_for(lambda: session.title() == 'Actualización de la e.firma',
                     'the procedure “Actualización de la e.firma”')


def case_sat_csd(session):
    """"Solicitud de Certificados de Sello Digital (CSD)": two sucursales,
    the practice company's e.firma, the keys' password and folder; the .sdg
    checked by openssl cms and its requests by openssl req; then the
    practice CSD checked against its key."""
    usb = new_usb_folder('USB-csd')
    open_start_row(session, 'Solicitud de Certificados de Sello Digital (CSD)')

    # 1. Two sucursales, the second row added with the page's button.
    wait_step(session, 1, 4)
    page = session.wait_node('filler', 'VntCsdSucursalesPage')
    session.type_into(session.wait_node('text', 'Sucursal 1', within=page), 'Matriz')
    session.press(session.wait_node('push button', starts='Agregar sucursal', within=page))
    session.type_into(session.wait_node('text', 'Sucursal 2', within=page), 'Sucursal Centro')
    press_next(session, 'Siguiente')

    # 2. The practice company's e.firma.
    wait_step(session, 2, 4)
    page = session.wait_node('filler', 'VntEfirmaPage')
    session.press(session.wait_node('push button', starts='Usar una e.firma de práctica', within=page))
    cer = session.wait_for(lambda: [text for text in session.row_texts('Certificado (.cer)', within=page)
                                    if text.endswith('.cer')], 'the practice certificate in its row')
    company = practice_for_cer(cer[0])
    log('practice e.firma', cer[0])
    session.press(session.wait_node('push button', starts='Validar', within=page))
    session.wait_node('label', 'Tu e.firma es válida', within=page)
    press_next(session, 'Siguiente')

    # 3. The keys' password, twice, and the folder.
    wait_step(session, 3, 4)
    page = session.wait_node('filler', 'VntCsdKeysPage')
    session.type_into(session.wait_node('text', 'Contraseña', within=page), 'Sello-Nuevo-2026', secret=True)
    session.type_into(session.wait_node('text', 'Confirmar la contraseña', within=page), 'Sello-Nuevo-2026',
                      secret=True)
    session.wait_node('label', 'Fuerte.', within=page)
    choose_folder(session, page, usb)
    press_next(session, 'Generar solicitud')

    # 4. The files, checked by OpenSSL.
    wait_step(session, 4, 4)
    done = session.wait_node('filler', 'VntSatResultPage')
    session.wait_node('label', 'Tu solicitud de CSD está lista', within=done)
    session.wait_node('label', starts='Entra a CertiSAT Web', within=done)
    rfc = company['rfc']
    sdg = only_file(usb, f'CSD_{rfc}_', '.sdg')
    keys = [only_file(usb, f'CSD_Matriz_{rfc}_', '.key'), only_file(usb, f'CSD_Sucursal_Centro_{rfc}_', '.key')]
    for key in keys:
        assert os.stat(key).st_mode & 0o777 == 0o600, f'{key} is not 0600'
    content = os.path.join(os.environ['HOME'], 'solicitudes.zip')
    result = subprocess.run(['openssl', 'cms', '-verify', '-inform', 'DER', '-in', sdg, '-noverify',
                             '-binary', '-out', content], capture_output=True, text=True)
    assert result.returncode == 0 and 'Verification successful' in result.stderr, result.stderr
    unzipped = os.path.join(os.environ['HOME'], 'solicitudes')
    with zipfile.ZipFile(content) as archive:
        names = sorted(archive.namelist())
        archive.extractall(unzipped)
    assert len(names) == 2 and all(name.endswith('s.req') for name in names), names
    for name in names:
        result = subprocess.run(['openssl', 'req', '-inform', 'DER', '-in', os.path.join(unzipped, name),
                                 '-noout', '-verify'], check=True, capture_output=True, text=True)
        assert 'verify OK' in result.stdout + result.stderr, result.stderr
    log('CSD request verified:', os.path.basename(sdg), names)

    # The practice CSD stands for one downloaded from CertiSAT Web.
    csd = next(entry for entry in practice_efirmas() if entry.get('kind') == 'csd')
    session.choose_file(session.wait_node('push button', starts='Elegir .cer', within=done),
                        'El CSD (.cer)', csd['cer'])
    session.wait_for(lambda: os.path.basename(csd['cer']) in session.row_texts('Certificado del CSD (.cer)',
                                                                              within=done),
                     'the CSD in its row')
    session.choose_file(session.wait_node('push button', starts='Elegir .key', within=done),
                        'La llave privada del CSD (.key)', csd['key'])
    session.wait_for(lambda: os.path.basename(csd['key']) in session.row_texts('Su llave privada (.key)',
                                                                              within=done),
                     'the CSD’s key in its row')
    session.type_into(session.wait_node('text', 'Contraseña de la llave', within=done), csd['password'],
                      secret=True)
    session.press(session.wait_node('push button', starts='Revisar', within=done))
    session.wait_node('label', 'El CSD y su llave corresponden', within=done)
    session.press(session.wait_node('push button', starts='Salir', within=done))
    session.wait_for(lambda: session.title() == 'Ventanilla', 'the start list')


# -- accessible names ----------------------------------------------------------

# What a person can press, type into, choose or move over AT-SPI.
INTERACTIVE_ROLES = {
    'push button', 'toggle button', 'check box', 'radio button', 'text', 'password text',
    'entry', 'list item', 'combo box', 'link', 'menu item', 'check menu item',
    'radio menu item', 'spin button', 'slider', 'switch', 'page tab',
}


def name_problem(name):
    """Why @name is not one name in words, or None."""
    import re

    words = name.split()
    if not words:
        return 'no name'
    if re.fullmatch(r'(Gtk|Adw|Vnt)[A-Z]\w*', name):
        return 'a widget class for a name'
    if re.search(r'(^|[\s(«“¿¡])_\w', name):
        return 'a mnemonic mark in the name'
    # GTK 4.8 joins a button's label with an explicit accessible label:
    # "Validar Validar", or a row's title twice.
    for size in range(1, len(words) // 2 + 1):
        for start in range(0, len(words) - 2 * size + 1):
            if words[start:start + size] == words[start + size:start + 2 * size] \
                    and (size > 1 or len(words[start]) > 3):
                return 'said twice'
    return None


def audit_names(session, where, skip=()):
    """Every interactive element under the app's window, named once, in
    words; returns the problems as text. Subtrees of the fillers named in
    @skip (pages not yet shown) are left out: GTK 4.8 can crash later when
    a page is read over AT-SPI before it was ever mapped."""
    problems = []
    nodes = []
    frame = session.window()

    def walk(node, path):
        for child in node.children:
            try:
                role, name = child.roleName, child.name or ''
            except Exception:  # noqa: BLE001 - nodes come and go
                continue
            if role == 'filler' and name in skip:
                continue
            # The items of a drop-down's list, which GTK builds in a popover
            # of its own, are not the page's.
            if name == 'GtkListView':
                continue
            if role in INTERACTIVE_ROLES:
                nodes.append(child)
                problem = name_problem(name)
                if problem:
                    problems.append(f'{where}: {role} “{name}”: {problem} (in {" / ".join(path[-3:])})')
                    log(problems[-1])
            walk(child, path + [name] if name else path)

    walk(frame, [])
    log(f'{where}: {len(nodes)} interactive elements')
    return problems


def before_accessible_names():
    """A window tall enough for every row of the start window: GTK 4.8
    cannot scroll a row into view for AT-SPI, and the rows are pressed
    with the pointer."""
    from gi.repository import Gio

    settings = Gio.Settings.new('io.github.ventanilla.Ventanilla')
    settings.set_int('window-height', 1000)
    Gio.Settings.sync()


def case_accessible_names(session):
    """The start window, the check page (empty, with a verdict, with a
    wrong password) and every page of every procedure (all of a
    procedure's pages are on the bus once it is open): no interactive
    element without a name, with a widget class or a mnemonic mark for a
    name, or with its name said twice."""
    problems = audit_names(session, 'start window', skip=('VntCheckPage',))

    pair = current_fiel()
    page = open_check_page(session, pair)
    problems += audit_names(session, 'check page')
    validate(session, page, pair['password'] + 'x')
    session.wait_node('label', starts='La contraseña no abre la llave privada', within=page)
    problems += audit_names(session, 'check page, wrong password')
    validate(session, page, pair['password'])
    session.wait_node('label', 'Tu e.firma está lista para usarse', within=page, what='the verdict')
    problems += audit_names(session, 'check page, verdict')
    go_back(session)

    # Every page of every procedure: all of a procedure's pages are on the
    # bus once it is open.
    procedures = start_procedures(session)
    for procedure in procedures:
        session.press(session.wait_node('push button', procedure))
        session.wait_for(lambda: session.title() == procedure, f'the procedure “{procedure}”')
        session.wait_for(lambda: session.assistant(), 'its first page')
        problems += audit_names(session, procedure)
        go_back(session)

    assert not problems, f'{len(problems)} elements are not named once, in words'


def start_procedures(session):
    """The procedure rows of the start window, by name."""
    start = session.wait_node('filler', 'VntStartSection')
    names = []
    for row in session.find_all('list item', within=start.parent):
        # Not the check nor "Mis e.firmas", nor the rows of "Mis acuses",
        # of the IDSE certificates and of the trámites to resume.
        if row.parent.name in ('Mis acuses', 'Mis certificados IDSE', 'Continuar donde te quedaste'):
            continue
        if row.name and row.name not in ('Revisar mi e.firma', 'Mis e.firmas') and row.name not in names:
            names.append(row.name)
    log('procedures:', names)
    assert names, 'no procedure on the start window'
    return names


def go_back(session):
    session.press(session.wait_node('push button', 'Volver'))
    session.wait_for(lambda: session.title() == 'Ventanilla', 'the start list')


CASES = {
    'accessible-names': case_accessible_names,
    'company-register': case_company_register,
    'idse-request': case_idse_request,
    'idse-additional': case_idse_additional,
    'check-valid': case_check_valid,
    'check-wrong-password': case_check_wrong_password,
    'create-account': case_create_account,
    'update-efirma': case_update_efirma,
    'remove-company': case_remove_company,
    'idse-cancel': case_idse_cancel,
    'idse-recover': case_idse_recover,
    'sat-request': case_sat_request,
    'sat-renew': case_sat_renew,
    'sat-csd': case_sat_csd,
    'watch-folder': case_watch_folder,
    'idse-renew': case_idse_renew,
}


def inner(app, case):
    try:
        enable_accessibility()
        check_accessibility_bus()
        from dogtail import config
        config.logDebugToFile = False
        # dogtail checks the setting when it is imported.
        from dogtail import utils
        if not utils.isA11yEnabled():
            raise Skip('accessibility could not be switched on')
    except Skip as reason:
        log('SKIP:', reason)
        return SKIP
    except ImportError as error:
        log('SKIP: dogtail or pyatspi is missing:', error)
        return SKIP

    session = Session(app)
    started = time.monotonic()
    try:
        if case == 'accessible-names':
            before_accessible_names()
        session.start()
        CASES[case](session)
    except Exception:  # noqa: BLE001 - every failure is reported the same way
        traceback.print_exc()
        shot = os.path.join(os.environ['VENTANILLA_BUILD_ROOT'], 'meson-logs', f'e2e-{case}.png')
        subprocess.run(['import', '-window', 'root', shot], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        log('FAIL', case)
        return 1
    finally:
        session.stop()
    log(f'PASS {case} in {time.monotonic() - started:.1f} s')
    return 0


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in CASES:
        print(f'usage: {sys.argv[0]} APP CASE\ncases: {", ".join(CASES)}', file=sys.stderr)
        return 2
    app, case = sys.argv[1], sys.argv[2]
    if INNER in os.environ:
        return inner(app, case)
    return outer(app, case)


if __name__ == '__main__':
    sys.exit(main())
