/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vnt-signature.h"

/* Placeholder: implemented by the crypto work in progress. */
