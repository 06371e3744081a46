/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/vnt-password-strength.h"

/* The rating a new key's password gets as it is typed. */

static void
test_too_short (void)
{
  g_assert_cmpint (vnt_password_strength ("", NULL), ==, VNT_PASSWORD_STRENGTH_TOO_SHORT);
  g_assert_cmpint (vnt_password_strength ("Ab1!xyz", NULL), ==, VNT_PASSWORD_STRENGTH_TOO_SHORT);
  g_assert_cmpint (vnt_password_strength (NULL, NULL), ==, VNT_PASSWORD_STRENGTH_TOO_SHORT);
  /* Characters, not bytes. */
  g_assert_cmpint (vnt_password_strength ("ñÑáéíóú", NULL), ==, VNT_PASSWORD_STRENGTH_TOO_SHORT);
}

static void
test_weak (void)
{
  const char * const weak[] = {
    "12345678", "12345678a", "87654321", "aaaaaaaa", "abcdefgh", "password", "Password1",
    "contraseña2024", "qwertyuiop", "20260101", "efirma123", "ABCDEFGHIJ", "sat12345!",
  };
  const char * const personal[] = { "EARC900825JK4", "EARC900825HDFNZR01", "carlos.prueba@correo.mx", NULL };

  for (gsize i = 0; i < G_N_ELEMENTS (weak); i++)
    {
      g_test_message ("%s", weak[i]);
      g_assert_cmpint (vnt_password_strength (weak[i], NULL), ==, VNT_PASSWORD_STRENGTH_WEAK);
    }

  /* The holder's own RFC, CURP or e-mail name inside it. */
  g_assert_cmpint (vnt_password_strength ("Earc900825!x", NULL), >=, VNT_PASSWORD_STRENGTH_FAIR);
  g_assert_cmpint (vnt_password_strength ("Earc900825!x", personal), ==, VNT_PASSWORD_STRENGTH_WEAK);
  g_assert_cmpint (vnt_password_strength ("x-Carlos.Prueba-9", personal), ==, VNT_PASSWORD_STRENGTH_WEAK);
}

static void
test_fair_and_strong (void)
{
  g_assert_cmpint (vnt_password_strength ("Lunes7Mar", NULL), ==, VNT_PASSWORD_STRENGTH_FAIR);
  g_assert_cmpint (vnt_password_strength ("Llave-Nueva-2026", NULL), ==, VNT_PASSWORD_STRENGTH_STRONG);
  g_assert_cmpint (vnt_password_strength ("tres tigres tragan trigo", NULL), ==, VNT_PASSWORD_STRENGTH_STRONG);
  g_assert_cmpint (vnt_password_strength ("Año-Ñandú-7", NULL), ==, VNT_PASSWORD_STRENGTH_FAIR);
  /* Each has its sentence. */
  for (int s = VNT_PASSWORD_STRENGTH_TOO_SHORT; s <= VNT_PASSWORD_STRENGTH_STRONG; s++)
    g_assert_cmpstr (vnt_password_strength_describe (s), !=, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/password-strength/too-short", test_too_short);
  g_test_add_func ("/password-strength/weak", test_weak);
  g_test_add_func ("/password-strength/fair-and-strong", test_fair_and_strong);

  return g_test_run ();
}
