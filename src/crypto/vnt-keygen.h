/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnt-private-key.h"

G_BEGIN_DECLS

/* RSA sizes offered; SAT and IMSS take 2048. */
#define VNT_KEYGEN_DEFAULT_BITS 2048
#define VNT_KEYGEN_LARGE_BITS   4096

/* A new RSA key of @bits (2048 or 4096), held in memory only (see
 * vnt-sat-key.h to write it). It comes from GnuTLS's generator, which is
 * seeded from the kernel's random source (getrandom). Takes 0.05–1 s, more
 * for 4096: from a UI, call it in a worker thread. A cancelled @cancellable
 * gives G_IO_ERROR_CANCELLED and the key is dropped. */
VntPrivateKey *vnt_keygen_generate        (guint                bits,
                                           GCancellable        *cancellable,
                                           GError             **error);

/* The DER SubjectPublicKeyInfo of @key's public half. */
GBytes        *vnt_keygen_get_public_der  (VntPrivateKey       *key,
                                           GError             **error);

G_END_DECLS
