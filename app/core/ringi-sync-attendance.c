/* ringi-sync-attendance.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ringi-attendance-pdf.h"
#include "ringi-month-close.h"
#include "ringi-punch.h"
#include "ringi-sync-private.h"
#include "ringi-timesheet.h"

/* The monthly close (月次締め): the month's timesheet goes to the manager
 * as a 勤務月報 request, through the approval engine like any request,
 * and the person signs the list of the month's punches, which the server
 * keeps with that request. Both are queued, punches first, so the close
 * works offline too and reaches the server in order.
 *
 * A correction (打刻修正申請): the person signs the correcting punch when
 * asking, and the request carries it; its PDF names the punch's uuid and
 * sha256, so that the approvers' stamps, which sign the PDF's sha256,
 * cover exactly that punch. The server adds the punch when the request is
 * decided, and it comes back here as a change like any punch. */

typedef struct
{
  char *login;
  char *fingerprint;
  char *passphrase;
  int year;
  int month;
  GStrv punches;
  char *route;
  RingiTimesheet *sheet;
  char *display_name;
  char *request_id;
  GBytes *record;
} CloseData;

/* The route template of an attendance category (勤務月報, 打刻修正, 休暇),
 * which the server's administrator adds. */
static char *
find_route (RingiStore *store,
            const char *category,
            GError **error)
{
  char *route = ringi_store_find_route_template (store, category, 0, NULL);

  if (route == NULL)
    g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_INVALID,
                 _("The server has no route template for “%s”: ask an administrator to add one"), category);
  return route;
}

static void
close_data_free (CloseData *data)
{
  g_free (data->login);
  g_free (data->fingerprint);
  if (data->passphrase != NULL)
    memset (data->passphrase, 0, strlen (data->passphrase));
  g_free (data->passphrase);
  g_strfreev (data->punches);
  g_free (data->route);
  g_clear_pointer (&data->sheet, ringi_timesheet_free);
  g_free (data->display_name);
  g_free (data->request_id);
  g_clear_pointer (&data->record, g_bytes_unref);
  g_free (data);
}

static GPtrArray *
list_from_store (gpointer user_data,
                 const char *login,
                 gint64 from,
                 gint64 until,
                 GError **error)
{
  return ringi_store_list_punches (user_data, login, from, until, error);
}

/* The sha256 of each punch of the month kept here, in time order: the
 * server's own list once the queued ones have reached it. The month's
 * punches are those of its days, as the server counts them
 * (ringi_timesheet_list_month_punches()). */
static GStrv
list_month_punches (RingiStore *store,
                    const char *login,
                    int year,
                    int month,
                    GError **error)
{
  g_autoptr(GPtrArray) punches = NULL;
  g_autoptr(GStrvBuilder) hashes = g_strv_builder_new ();

  punches = ringi_timesheet_list_month_punches (list_from_store, store, login, year, month, error);
  if (punches == NULL)
    return NULL;

  for (guint i = 0; i < punches->len; i++)
    g_strv_builder_add (hashes, ((RingiStoredPunch *) g_ptr_array_index (punches, i))->sha256);
  return g_strv_builder_end (hashes);
}

static void
close_signed_cb (GObject *source,
                 GAsyncResult *result,
                 gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RingiSync *self = g_task_get_source_object (task);
  CloseData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = ringi_keyring_sign_detached_finish (RINGI_KEYRING (source), result, &error);
  g_autofree char *op_id = NULL;

  if (signature != NULL)
    op_id = ringi_outbox_queue_close_month (ringi_profile_get_outbox (self->profile), data->record, signature, &error);
  if (op_id == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ringi_sync_local_change (self);
  g_task_return_pointer (task, g_steal_pointer (&data->request_id), g_free);
}

static void
submitted_cb (GObject *source,
              GAsyncResult *result,
              gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RingiSync *self = g_task_get_source_object (task);
  CloseData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr(RingiMonthClose) close = NULL;

  data->request_id = ringi_sync_submit_finish (self, result, &error);
  if (data->request_id != NULL)
    {
      RingiMonthCloseFields fields = {
        .login = data->login,
        .signer_key = data->fingerprint,
        .year = data->year,
        .month = data->month,
        .request = data->request_id,
        .time = now,
        .punches = (const char *const *) data->punches,
      };

      close = ringi_month_close_new (&fields, &error);
    }
  if (close == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->record = ringi_month_close_to_bytes (close);
  ringi_keyring_sign_detached_async (ringi_profile_get_keyring (self->profile), data->fingerprint, data->passphrase,
                                     data->record, g_task_get_cancellable (task), close_signed_cb,
                                     g_object_ref (task));
}

/* Drawing the timesheet is the slow part: a worker thread does it, on
 * the computed sheet, which holds no reference to the store. */
static void
draw_thread (GTask *task,
             gpointer source_object,
             gpointer task_data,
             GCancellable *cancellable)
{
  CloseData *data = task_data;
  GError *error = NULL;
  GBytes *pdf = ringi_attendance_pdf_timesheet (data->sheet, data->display_name, &error);

  if (pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

static void
drawn_cb (GObject *source,
          GAsyncResult *result,
          gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RingiSync *self = RINGI_SYNC (source);
  CloseData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *title = NULL;
  RingiRequestInfo info = { 0 };

  if (pdf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Translators: the title of a monthly close request, e.g. 勤務月報 2026-11 */
  title = g_strdup_printf (_("%s %04d-%02d"), RINGI_CATEGORY_MONTHLY_REPORT, data->year, data->month);
  info.title = title;
  info.category = (char *) RINGI_CATEGORY_MONTHLY_REPORT;
  info.amount = -1;
  ringi_sync_submit_async (self, &info, pdf, data->route, data->passphrase, g_task_get_cancellable (task),
                           submitted_cb, g_object_ref (task));
}

/* What the close needs from the store, read here on the main thread:
 * the route, the month's punches and its timesheet. */
static gboolean
read_month (RingiSync *self,
            CloseData *data,
            GError **error)
{
  RingiStore *store = ringi_profile_get_store (self->profile);
  g_autoptr(RingiSyncSettings) settings = ringi_profile_dup_settings (self->profile, error);
  g_autoptr(RingiUser) user = NULL;

  if (settings == NULL)
    return FALSE;

  if (settings->login == NULL || settings->fingerprint == NULL)
    {
      g_set_error_literal (error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_NOT_ENROLLED,
                           _("This profile is not enrolled with a server yet"));
      return FALSE;
    }

  data->route = find_route (store, RINGI_CATEGORY_MONTHLY_REPORT, error);
  if (data->route == NULL)
    return FALSE;

  data->login = g_strdup (settings->login);
  data->fingerprint = g_strdup (settings->fingerprint);
  data->punches = list_month_punches (store, data->login, data->year, data->month, error);
  if (data->punches == NULL)
    return FALSE;

  data->sheet = ringi_timesheet_compute (store, data->login, data->year, data->month, error);
  user = ringi_store_get_user (store, data->login, NULL);
  data->display_name = user ? g_strdup (user->display_name) : NULL;
  return data->sheet != NULL;
}

/**
 * ringi_sync_close_month_async:
 * @self: a #RingiSync
 * @year: the year
 * @month: the month, 1 to 12
 * @passphrase: the seal PIN
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Closes the month (月次締め): submits its timesheet as a 勤務月報 request
 * on the category's route template, and queues the signed list of the
 * month's punches (docs/month-close-format.md) with it. Once the manager
 * decides the request, the server locks the month: later punches for it
 * need an approved correction request.
 */
void
ringi_sync_close_month_async (RingiSync *self,
                              int year,
                              int month,
                              const char *passphrase,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) draw = NULL;
  g_autoptr(GError) error = NULL;
  CloseData *data;

  g_return_if_fail (RINGI_IS_SYNC (self));
  g_return_if_fail (month >= 1 && month <= 12 && passphrase != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_sync_close_month_async);
  data = g_new0 (CloseData, 1);
  data->year = year;
  data->month = month;
  data->passphrase = g_strdup (passphrase);
  g_task_set_task_data (task, data, (GDestroyNotify) close_data_free);

  if (!read_month (self, data, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  draw = g_task_new (self, cancellable, drawn_cb, g_steal_pointer (&task));
  g_task_set_source_tag (draw, draw_thread);
  g_task_set_task_data (draw, data, NULL);
  g_task_run_in_thread (draw, draw_thread);
}

/**
 * ringi_sync_close_month_finish:
 * @self: a #RingiSync
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the id of the 勤務月報 request, or %NULL with
 *   @error set
 */
char *
ringi_sync_close_month_finish (RingiSync *self,
                               GAsyncResult *result,
                               GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Correction requests */

typedef struct
{
  char *passphrase;
  char *route;
  char *note;
  char *when;
  char *replaced; /* the punch replaced, in words */
  RingiPunch *punch;
  GBytes *record;
} CorrectionData;

static void
correction_data_free (CorrectionData *data)
{
  if (data->passphrase != NULL)
    memset (data->passphrase, 0, strlen (data->passphrase));
  g_free (data->passphrase);
  g_free (data->route);
  g_free (data->note);
  g_free (data->when);
  g_free (data->replaced);
  g_clear_pointer (&data->punch, ringi_punch_unref);
  g_clear_pointer (&data->record, g_bytes_unref);
  g_free (data);
}

/* The form says in words what the punch is, and names the signed
 * record itself, so that anyone can check it with sha256sum. */
static GBytes *
draw_correction_form (CorrectionData *data,
                      GError **error)
{
  RingiPunch *punch = data->punch;
  g_autofree char *sha256 = ringi_punch_dup_sha256 (punch);
  /* Translators: the punch a correction adds: when, kind (出勤), place (在宅) */
  g_autofree char *what = g_strdup_printf (_("Punch: %s, %s, at %s"), data->when,
                                           ringi_punch_kind_get_label (ringi_punch_get_kind (punch)),
                                           ringi_punch_place_get_label (ringi_punch_get_place (punch)));
  g_autofree char *replaces = data->replaced ? g_strdup_printf (_("Replaces the punch: %s"), data->replaced)
                                             : g_strdup (_("Replaces no punch (a missing punch)"));
  g_autofree char *reason = g_strdup_printf (_("Reason: %s"), data->note);

  g_autofree char *title = g_strdup_printf ("%s %s", RINGI_CATEGORY_CORRECTION, data->when);
  /* the uuid and the sha256 on lines of their own, so that they wrap least */
  const char *lines[] = { what,
                          replaces,
                          reason,
                          _("The correcting punch, signed by the applicant:"),
                          ringi_punch_get_punch (punch),
                          _("Its record’s SHA-256:"),
                          sha256,
                          NULL };

  return ringi_attendance_pdf_form (title, lines, error);
}

/* Hands the submitted request's id, or why not, to the task. */
static void
request_submitted_cb (GObject *source,
                      GAsyncResult *result,
                      gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *id = ringi_sync_submit_finish (RINGI_SYNC (source), result, &error);

  if (id == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, id, g_free);
}

static void
correction_signed_cb (GObject *source,
                      GAsyncResult *result,
                      gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RingiSync *self = g_task_get_source_object (task);
  CorrectionData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) signature = ringi_keyring_sign_detached_finish (RINGI_KEYRING (source), result, &error);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *title = NULL;
  RingiRequestInfo info = { 0 };

  if (signature == NULL || (pdf = draw_correction_form (data, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* the day only, as for leave: "打刻修正 2026-11-24" */
  title = g_strdup_printf ("%s %.10s", RINGI_CATEGORY_CORRECTION, data->when);
  info.title = title;
  info.category = (char *) RINGI_CATEGORY_CORRECTION;
  info.amount = -1;
  ringi_sync_submit_correction_async (self, &info, pdf, data->route, data->record, signature, data->note,
                                      data->passphrase, g_task_get_cancellable (task), request_submitted_cb,
                                      g_object_ref (task));
}

/* The punch a correction replaces, one of the person's own kept here, in
 * words: "2026-11-24 08:45, Clock in, at Home (uuid)". */
static char *
describe_replaced (RingiStore *store,
                   const char *login,
                   const char *uuid,
                   GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RingiStoredPunch) replaced = ringi_store_get_punch (store, uuid, &local_error);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  if (replaced == NULL && !g_error_matches (local_error, RINGI_STORE_ERROR, RINGI_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (replaced == NULL || !g_str_equal (replaced->login, login))
    {
      g_set_error (error, RINGI_SYNC_ERROR, RINGI_SYNC_ERROR_INVALID,
                   _("You have no punch %s here to replace: sync first, or name one of your own"), uuid);
      return NULL;
    }

  utc = g_date_time_new_from_unix_utc (replaced->client_time);
  local = g_date_time_to_timezone (utc, ringi_attendance_get_time_zone ());
  when = g_date_time_format (local, "%Y-%m-%d %H:%M");
  /* Translators: a punch a correction replaces: when, kind, place, its uuid */
  return g_strdup_printf (_("%s, %s, at %s (%s)"), when, ringi_punch_kind_get_label (replaced->kind),
                          ringi_punch_place_get_label (replaced->place), uuid);
}

static RingiPunch *
new_correcting_punch (RingiSync *self,
                      const RingiPunchInput *input,
                      CorrectionData *data,
                      GError **error)
{
  RingiStore *store = ringi_profile_get_store (self->profile);
  g_autoptr(RingiSyncSettings) settings = ringi_profile_dup_settings (self->profile, error);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *note_sha256 = ringi_punch_hash_note (input->note);
  RingiPunchFields fields = {
    .punch = id,
    .kind = input->kind,
    .place = input->place,
    .client_time = input->time,
    .note_sha256 = note_sha256,
    .corrects = input->corrects,
  };

  if (settings == NULL)
    return NULL;
  if (settings->login == NULL || settings->fingerprint == NULL)
    {
      g_set_error_literal (error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_NOT_ENROLLED,
                           _("This profile is not enrolled with a server yet"));
      return NULL;
    }
  if (input->corrects != NULL && (data->replaced = describe_replaced (store, settings->login, input->corrects, error)) == NULL)
    return NULL;

  data->route = find_route (store, RINGI_CATEGORY_CORRECTION, error);
  if (data->route == NULL)
    return NULL;

  fields.login = settings->login;
  fields.signer_key = settings->fingerprint;
  return ringi_punch_new (&fields, error);
}

/**
 * ringi_sync_request_correction_async:
 * @self: a #RingiSync
 * @input: the punch the correction adds: its time (required), kind,
 *   place, the punch it replaces if any, and the reason as its note
 *   (required)
 * @passphrase: the seal PIN
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Asks for a correction (打刻修正申請): signs the correcting punch now and
 * submits a request of category 打刻修正, on that category's route
 * template, that carries it and whose form names it. Once the request is
 * decided the server adds exactly that punch; nothing is applied by hand.
 * Works offline.
 */
void
ringi_sync_request_correction_async (RingiSync *self,
                                     const RingiPunchInput *input,
                                     const char *passphrase,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) local = NULL;
  CorrectionData *data;

  g_return_if_fail (RINGI_IS_SYNC (self));
  g_return_if_fail (input != NULL && input->time != NULL && input->note != NULL && passphrase != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_sync_request_correction_async);
  data = g_new0 (CorrectionData, 1);
  data->passphrase = g_strdup (passphrase);
  data->note = g_strdup (input->note);
  local = g_date_time_to_timezone (input->time, ringi_attendance_get_time_zone ());
  data->when = g_date_time_format (local, "%Y-%m-%d %H:%M");
  g_task_set_task_data (task, data, (GDestroyNotify) correction_data_free);

  data->punch = new_correcting_punch (self, input, data, &error);
  if (data->punch == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->record = ringi_punch_to_bytes (data->punch);
  ringi_keyring_sign_detached_async (ringi_profile_get_keyring (self->profile), ringi_punch_get_signer_key (data->punch),
                                     passphrase, data->record, cancellable, correction_signed_cb, g_object_ref (task));
}

/**
 * ringi_sync_request_correction_finish:
 * @self: a #RingiSync
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the id of the correction request, or %NULL
 *   with @error set
 */
char *
ringi_sync_request_correction_finish (RingiSync *self,
                                      GAsyncResult *result,
                                      GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Leave requests */

/**
 * ringi_sync_request_leave_async:
 * @self: a #RingiSync
 * @input: the leave asked for
 * @passphrase: the seal PIN
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Asks for leave (休暇申請): checks @input, draws its one-page form and
 * submits it on the category 休暇's route template, so that the manager
 * approves it like any request. Works offline.
 */
void
ringi_sync_request_leave_async (RingiSync *self,
                                const RingiLeaveInput *input,
                                const char *passphrase,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *route = NULL;
  g_autofree char *title = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GBytes) pdf = NULL;
  RingiRequestInfo info = { 0 };

  g_return_if_fail (RINGI_IS_SYNC (self));
  g_return_if_fail (input != NULL && passphrase != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_sync_request_leave_async);
  if (!ringi_leave_input_check (input, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* One small row, and one page drawn with cairo. */
  title = ringi_leave_dup_title (input);
  lines = ringi_leave_dup_form_lines (input);
  route = find_route (ringi_profile_get_store (self->profile), RINGI_CATEGORY_LEAVE, &error);
  if (route == NULL || (pdf = ringi_attendance_pdf_form (title, (const char *const *) lines, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  info.title = title;
  info.category = (char *) RINGI_CATEGORY_LEAVE;
  info.amount = -1;
  ringi_sync_submit_async (self, &info, pdf, route, passphrase, cancellable, request_submitted_cb, g_object_ref (task));
}

/**
 * ringi_sync_request_leave_finish:
 * @self: a #RingiSync
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the id of the leave request, or %NULL with
 *   @error set
 */
char *
ringi_sync_request_leave_finish (RingiSync *self,
                                 GAsyncResult *result,
                                 GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ringi_sync_queue_activity:
 * @self: a #RingiSync
 * @error: return location for a #GError
 *
 * Queues the days of this computer's objective record whose first and
 * last times changed since they were last queued (docs/activity-record.md):
 * only those two times of each day leave the computer. Each sync round
 * does it before it sends the outbox; it needs no PIN, since nothing of
 * it is signed.
 *
 * Returns: %TRUE on success
 */
gboolean
ringi_sync_queue_activity (RingiSync *self,
                           GError **error)
{
  RingiOutbox *outbox = ringi_profile_get_outbox (self->profile);
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GArray) days = NULL;
  gint64 since = 0;
  guint n_queued = 0;

  if (!ringi_outbox_get_activity_resume (outbox, &since, error))
    return FALSE;

  periods = ringi_store_list_activity (ringi_profile_get_store (self->profile), since, G_MAXINT64, error);
  if (periods == NULL)
    return FALSE;

  days = ringi_activity_summarize_days (periods);
  if (!ringi_outbox_queue_activity (outbox, days, &n_queued, error))
    return FALSE;

  if (n_queued > 0)
    ringi_sync_update_counts (self);
  return TRUE;
}
