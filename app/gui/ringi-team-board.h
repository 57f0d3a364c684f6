/* ringi-team-board.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-attendance-loader.h"

G_BEGIN_DECLS

#define RINGI_TYPE_TEAM_BOARD (ringi_team_board_get_type ())
G_DECLARE_FINAL_TYPE (RingiTeamBoard, ringi_team_board, RINGI, TEAM_BOARD, AdwBin)

GtkWidget *ringi_team_board_new (void);
void ringi_team_board_show (RingiTeamBoard *self,
                            const RingiAttendanceData *data);

G_END_DECLS
