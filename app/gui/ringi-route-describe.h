/* ringi-route-describe.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ringi-route.h"

G_BEGIN_DECLS

const char *ringi_step_kind_label (RingiStepKind kind);
char *ringi_route_describe_step (const RingiRouteStep *step,
                                 guint number);
char *ringi_route_describe_people (const RingiRouteStep *step,
                                   GHashTable *names);
GHashTable *ringi_route_names_new (GPtrArray *users);

G_END_DECLS
