/* ringi-notifier.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ringi-sync.h"

G_BEGIN_DECLS

/**
 * RINGI_NOTIFIER_MAX_SINGLE:
 *
 * Up to this many requests arriving in one go get a notification each;
 * more get a single one that counts them.
 */
#define RINGI_NOTIFIER_MAX_SINGLE 3

#define RINGI_TYPE_NOTIFIER (ringi_notifier_get_type ())
G_DECLARE_FINAL_TYPE (RingiNotifier, ringi_notifier, RINGI, NOTIFIER, GObject)

RingiNotifier *ringi_notifier_new (RingiSync *sync);

G_END_DECLS
