/* ringi-enrollment-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ringi-config.h"
#include "ringi-sync.h"

G_BEGIN_DECLS

#define RINGI_TYPE_ENROLLMENT_PAGE (ringi_enrollment_page_get_type ())
G_DECLARE_FINAL_TYPE (RingiEnrollmentPage, ringi_enrollment_page, RINGI, ENROLLMENT_PAGE, AdwBin)

GtkWidget *ringi_enrollment_page_new (RingiSync *sync);
RingiSync *ringi_enrollment_page_get_sync (RingiEnrollmentPage *self);
RingiConfig *ringi_enrollment_page_get_config (RingiEnrollmentPage *self);
void ringi_enrollment_page_set_config (RingiEnrollmentPage *self,
                                       RingiConfig *config);
const char *ringi_enrollment_page_get_ca_file (RingiEnrollmentPage *self);
void ringi_enrollment_page_set_ca_file (RingiEnrollmentPage *self,
                                        const char *ca_file);
gboolean ringi_enrollment_page_get_busy (RingiEnrollmentPage *self);

G_END_DECLS
