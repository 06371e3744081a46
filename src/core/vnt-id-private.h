/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnt-id.h"

G_BEGIN_DECLS

/* Shared by the identifier validators: the normalised text as code points,
 * since Ñ takes two bytes in UTF-8 but one position in every identifier. */
typedef struct {
  char     *normalized;
  gunichar *chars;
  glong     len;
} VntIdText;

#define VNT_ID_CHAR_ENYE 0x00D1 /* Ñ */

void      _vnt_id_text_init        (VntIdText  *text,
                                    const char *input);
void      _vnt_id_text_clear       (VntIdText  *text);

GPtrArray *_vnt_id_problems_new    (void);
void      _vnt_id_add_problem      (GPtrArray  *problems,
                                    VntIdError  code,
                                    const char *format,
                                    ...) G_GNUC_PRINTF (3, 4);

/* Adds the problem of an empty @text (@empty_message) or of one whose
 * length is outside [@min_len, @max_len] (@length_format, given the
 * length as %u). TRUE when there was neither. */
gboolean   _vnt_id_check_length (GPtrArray       *problems,
                                 const VntIdText *text,
                                 glong            min_len,
                                 glong            max_len,
                                 const char      *empty_message,
                                 const char      *length_format);

gboolean  _vnt_id_is_letter        (gunichar    c);
gboolean  _vnt_id_is_digit         (gunichar    c);
gboolean  _vnt_id_is_alnum         (gunichar    c);

typedef enum
{
  VNT_ID_LETTER,       /* A to Z or Ñ */
  VNT_ID_DIGIT,
  VNT_ID_PLAIN_ALNUM,  /* A to Z or a digit: IMSS's numbers have no Ñ */
} VntIdCharClass;

/* Adds "position N should be a letter/digit" when chars[pos] is not of
 * @kind. Returns TRUE when it was fine. */
gboolean  _vnt_id_expect           (GPtrArray       *problems,
                                    const VntIdText *text,
                                    glong            pos,
                                    VntIdCharClass   kind);

/* An identifier that is a length and a class of character for each
 * position. */
typedef struct
{
  glong          min_len;
  glong          max_len;
  const char    *empty_message; /* N_() */
  const char    *length_format; /* N_(), given the length as %u */
  VntIdCharClass first;         /* of position 1 */
  VntIdCharClass rest;          /* of every position after it */
  /* The problems of the whole (a check digit), once each character is of
   * its class; NULL: none. */
  void (*check) (GPtrArray *problems, const VntIdText *text);
} VntIdFormat;

/* All problems of @input as @format describes it. */
GPtrArray *_vnt_id_check_format (const char        *input,
                                 const VntIdFormat *format);

/* The UTF-8 text of chars[start, start + count). */
char     *_vnt_id_text_slice       (const VntIdText *text,
                                    glong            start,
                                    glong            count);
/* The value of @count digits at @start; -1 if any is not a digit. */
int       _vnt_id_text_number      (const VntIdText *text,
                                    glong            start,
                                    glong            count);

/* TRUE when the Gregorian date exists. */
gboolean  _vnt_id_date_exists      (int              year,
                                    int              month,
                                    int              day);

G_END_DECLS
