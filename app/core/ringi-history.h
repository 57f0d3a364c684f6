/* ringi-history.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ringi-workflow.h"

G_BEGIN_DECLS

RingiWorkflow *ringi_history_replay (GPtrArray *chain,
                                     GError **error);
guint ringi_history_find_acknowledge_step (RingiWorkflow *workflow,
                                           const char *login,
                                           const char *on_behalf_of);

G_END_DECLS
