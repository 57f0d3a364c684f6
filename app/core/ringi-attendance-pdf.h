/* ringi-attendance-pdf.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ringi-timesheet.h"

G_BEGIN_DECLS

GBytes *ringi_attendance_pdf_timesheet (const RingiTimesheet *sheet,
                                        const char *display_name,
                                        GError **error);
GBytes *ringi_attendance_pdf_form (const char *title,
                                   const char *const *lines,
                                   GError **error);

G_END_DECLS
