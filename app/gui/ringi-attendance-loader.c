/* ringi-attendance-loader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-attendance-loader"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-attendance-loader.h"
#include "ringi-month-close.h"

/* Reads what the attendance page shows off the main thread: like the
 * request loader, through a second connection to the profile opened on
 * the worker thread (WAL lets it read while the sync engine writes), one
 * load at a time under the lock. Timesheets are computed here too: a
 * manager's board computes one per report. */
struct _RingiAttendanceLoader
{
  GObject parent_instance;

  char *dir;
  GMutex lock;
  RingiProfile *profile; /* under lock, opened on first use */
  RingiSync *reader;     /* under lock, never started */
};

G_DEFINE_FINAL_TYPE (RingiAttendanceLoader, ringi_attendance_loader, G_TYPE_OBJECT)

static void
team_member_free (RingiTeamMember *member)
{
  g_clear_pointer (&member->user, ringi_user_free);
  g_clear_pointer (&member->last_punch, ringi_punch_unref);
  g_clear_pointer (&member->sheet, ringi_timesheet_free);
  g_free (member);
}

void
ringi_attendance_data_free (RingiAttendanceData *data)
{
  if (data == NULL)
    return;

  g_free (data->login);
  g_free (data->display_name);
  g_clear_pointer (&data->today, g_ptr_array_unref);
  g_clear_pointer (&data->today_activity, g_ptr_array_unref);
  g_clear_pointer (&data->sheet, ringi_timesheet_free);
  g_clear_pointer (&data->activity, g_ptr_array_unref);
  g_clear_pointer (&data->uploads, g_array_unref);
  g_clear_pointer (&data->close, ringi_request_summary_free);
  g_clear_pointer (&data->team, g_ptr_array_unref);
  g_clear_pointer (&data->waiting, g_ptr_array_unref);
  g_free (data);
}

static void
ringi_attendance_loader_finalize (GObject *object)
{
  RingiAttendanceLoader *self = (RingiAttendanceLoader *) object;

  g_clear_object (&self->reader);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->dir, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ringi_attendance_loader_parent_class)->finalize (object);
}

static void
ringi_attendance_loader_class_init (RingiAttendanceLoaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ringi_attendance_loader_finalize;
}

static void
ringi_attendance_loader_init (RingiAttendanceLoader *self)
{
  g_mutex_init (&self->lock);
}

/**
 * ringi_attendance_loader_get_for_sync:
 * @sync: a #RingiSync
 *
 * Returns: (transfer none): the loader of @sync's profile, made on first
 *   use and kept as long as @sync
 */
RingiAttendanceLoader *
ringi_attendance_loader_get_for_sync (RingiSync *sync)
{
  RingiAttendanceLoader *self;

  g_return_val_if_fail (RINGI_IS_SYNC (sync), NULL);

  self = g_object_get_data (G_OBJECT (sync), "ringi-attendance-loader");
  if (self == NULL)
    {
      self = g_object_new (RINGI_TYPE_ATTENDANCE_LOADER, NULL);
      self->dir = g_strdup (ringi_profile_get_dir (ringi_sync_get_profile (sync)));
      g_object_set_data_full (G_OBJECT (sync), "ringi-attendance-loader", self, g_object_unref);
    }
  return self;
}

typedef struct
{
  int year;
  int month;
} LoadData;

static gboolean
ensure_reader (RingiAttendanceLoader *self,
               GError **error)
{
  if (self->reader != NULL)
    return TRUE;

  self->profile = ringi_profile_open (self->dir, error);
  if (self->profile == NULL)
    return FALSE;

  self->reader = ringi_sync_new (self->profile);
  return TRUE;
}

/* Today in the attendance time zone, as a range of Unix times. */
static void
today_range (gint64 *from,
             gint64 *until)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (ringi_attendance_get_time_zone ());
  g_autoptr(GDateTime) midnight =
    g_date_time_new (ringi_attendance_get_time_zone (), g_date_time_get_year (now), g_date_time_get_month (now),
                     g_date_time_get_day_of_month (now), 0, 0, 0);

  *from = g_date_time_to_unix (midnight);
  *until = *from + 24 * 60 * 60;
}

static RingiPunch *
last_punch_of (GPtrArray *punches)
{
  RingiStoredPunch *last;

  if (punches == NULL || punches->len == 0)
    return NULL;

  last = g_ptr_array_index (punches, punches->len - 1);
  return ringi_punch_parse (last->record, NULL);
}

/* The fiscal year (年度) starts in April, as the yearly caps count. */
#define FISCAL_YEAR_FIRST_MONTH 4

/* The yearly cap's count: each month of the fiscal year up to the one
 * shown, by the same timesheet. */
static gboolean
read_year (RingiStore *store,
           RingiAttendanceData *data,
           GError **error)
{
  const RingiAttendanceCaps *caps = &data->sheet->rules.caps;
  int year = data->sheet->year;
  int month = data->sheet->month;

  data->year_overtime_min = 0;
  while (TRUE)
    {
      g_autoptr(RingiTimesheet) sheet = ringi_timesheet_compute (store, data->login, year, month, error);

      if (sheet == NULL)
        return FALSE;
      data->year_overtime_min += sheet->summary.totals.overtime_min;
      if (caps->year_counts_holiday)
        data->year_overtime_min += sheet->summary.totals.holiday_min;
      if (month == FISCAL_YEAR_FIRST_MONTH)
        return TRUE;
      if (--month == 0)
        {
          month = 12;
          year--;
        }
    }
}

static gboolean
read_own (RingiAttendanceLoader *self,
          RingiAttendanceData *data,
          const LoadData *load,
          GError **error)
{
  RingiStore *store = ringi_profile_get_store (self->profile);
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GPtrArray) recent = NULL;
  g_autoptr(RingiPunch) last = NULL;
  GDate from_date, until_date;
  gint64 from, until;

  today_range (&from, &until);
  data->today = ringi_store_list_punches (store, data->login, from, until, error);
  if (data->today == NULL || (data->today_activity = ringi_store_list_activity (store, from, until, error)) == NULL)
    return FALSE;

  /* The place used last, within the past month. */
  recent = ringi_store_list_punches (store, data->login, from - 31 * 24 * 60 * 60, until, error);
  if (recent == NULL)
    return FALSE;
  last = last_punch_of (recent);
  if (last != NULL)
    {
      data->last_place = ringi_punch_get_place (last);
      data->has_last_place = TRUE;
    }

  data->sheet = ringi_timesheet_compute (store, data->login, load->year, load->month, error);
  if (data->sheet == NULL || !read_year (store, data, error))
    return FALSE;

  first = g_date_time_new (ringi_attendance_get_time_zone (), load->year, load->month, 1, 0, 0, 0);
  next = g_date_time_add_months (first, 1);
  data->activity = ringi_store_list_activity (store, g_date_time_to_unix (first), g_date_time_to_unix (next), error);
  if (data->activity == NULL)
    return FALSE;

  g_date_clear (&from_date, 1);
  g_date_set_dmy (&from_date, 1, load->month, load->year);
  until_date = from_date;
  g_date_add_months (&until_date, 1);
  data->uploads = ringi_outbox_list_activity_uploads (ringi_profile_get_outbox (self->profile), &from_date, &until_date,
                                                      error);
  return data->uploads != NULL;
}

/* The month's 勤務月報 request, the newest if the month was closed again
 * after a send-back. */
static gboolean
read_close (RingiAttendanceLoader *self,
            RingiAttendanceData *data,
            const LoadData *load,
            GError **error)
{
  RingiSearchQuery query = RINGI_SEARCH_QUERY_INIT;
  g_autofree char *title = g_strdup_printf ("%04d-%02d", load->year, load->month);
  g_autoptr(GPtrArray) found = NULL;

  query.title = title;
  found = ringi_store_search (ringi_profile_get_store (self->profile), &query, error);
  if (found == NULL)
    return FALSE;

  for (guint i = 0; i < found->len; i++)
    {
      RingiRequestInfo *info = g_ptr_array_index (found, i);

      if (g_strcmp0 (info->category, RINGI_CATEGORY_MONTHLY_REPORT) != 0 ||
          g_strcmp0 (info->applicant, data->login) != 0 ||
          (data->close != NULL && g_strcmp0 (info->created_at, data->close->info->created_at) < 0))
        continue;

      g_clear_pointer (&data->close, ringi_request_summary_free);
      data->close = ringi_sync_summarize (self->reader, info->id, error);
      if (data->close == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_team (RingiAttendanceLoader *self,
           RingiAttendanceData *data,
           const LoadData *load,
           GError **error)
{
  RingiStore *store = ringi_profile_get_store (self->profile);
  g_autoptr(GPtrArray) users = ringi_store_list_users (store, error);
  g_autoptr(GPtrArray) inbox = NULL;
  gint64 from, until;

  if (users == NULL || (inbox = ringi_sync_list_inbox (self->reader, error)) == NULL)
    return FALSE;

  today_range (&from, &until);
  data->team = g_ptr_array_new_with_free_func ((GDestroyNotify) team_member_free);
  for (guint i = 0; i < users->len; i++)
    {
      RingiUser *user = g_ptr_array_index (users, i);
      g_autoptr(GPtrArray) today = NULL;
      RingiTeamMember *member;

      if (g_strcmp0 (user->manager, data->login) != 0 || user->disabled)
        continue;

      member = g_new0 (RingiTeamMember, 1);
      g_ptr_array_add (data->team, member);
      member->user = ringi_user_copy (user);
      today = ringi_store_list_punches (store, user->login, from, until, error);
      if (today == NULL)
        return FALSE;
      member->last_punch = last_punch_of (today);
      member->sheet = ringi_timesheet_compute (store, user->login, load->year, load->month, error);
      if (member->sheet == NULL)
        return FALSE;
    }

  data->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_request_summary_free);
  for (guint i = 0; i < inbox->len; i++)
    {
      RingiRequestSummary *summary = g_ptr_array_index (inbox, i);

      if (g_strcmp0 (summary->info->category, RINGI_CATEGORY_MONTHLY_REPORT) == 0)
        g_ptr_array_add (data->waiting, g_ptr_array_steal_index (inbox, i--));
    }
  return TRUE;
}

static RingiAttendanceData *
load (RingiAttendanceLoader *self,
      const LoadData *load_data,
      GError **error)
{
  g_autoptr(RingiAttendanceData) data = g_new0 (RingiAttendanceData, 1);
  g_autoptr(RingiSyncSettings) settings = NULL;
  g_autoptr(RingiUser) user = NULL;

  if (!ensure_reader (self, error) || (settings = ringi_profile_dup_settings (self->profile, error)) == NULL)
    return NULL;

  if (settings->login == NULL)
    {
      g_set_error_literal (error, RINGI_PROFILE_ERROR, RINGI_PROFILE_ERROR_NOT_ENROLLED,
                           _("This profile is not enrolled with a server yet"));
      return NULL;
    }

  data->login = g_strdup (settings->login);
  user = ringi_store_get_user (ringi_profile_get_store (self->profile), data->login, NULL);
  data->display_name = user ? g_strdup (user->display_name) : NULL;
  if (!read_own (self, data, load_data, error) || !read_close (self, data, load_data, error) ||
      !read_team (self, data, load_data, error))
    return NULL;

  return g_steal_pointer (&data);
}

static void
load_thread (GTask *task,
             gpointer source_object,
             gpointer task_data,
             GCancellable *cancellable)
{
  RingiAttendanceLoader *self = source_object;
  g_autoptr(GError) error = NULL;
  RingiAttendanceData *data;

  g_mutex_lock (&self->lock);
  data = load (self, task_data, &error);
  g_mutex_unlock (&self->lock);

  if (data == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, data, (GDestroyNotify) ringi_attendance_data_free);
}

/**
 * ringi_attendance_loader_load_async:
 * @self: a #RingiAttendanceLoader
 * @year: the month's year
 * @month: the month, 1 to 12
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context
 * @user_data: for @callback
 *
 * Reads today's punches, the month's timesheet, activity and close, and
 * the person's team, on a worker thread.
 */
void
ringi_attendance_loader_load_async (RingiAttendanceLoader *self,
                                    int year,
                                    int month,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (RINGI_IS_ATTENDANCE_LOADER (self));
  g_return_if_fail (month >= 1 && month <= 12);

  data = g_new0 (LoadData, 1);
  data->year = year;
  data->month = month;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ringi_attendance_loader_load_async);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * ringi_attendance_loader_load_finish:
 *
 * Returns: (transfer full): what was read, or %NULL with @error set
 */
RingiAttendanceData *
ringi_attendance_loader_load_finish (RingiAttendanceLoader *self,
                                     GAsyncResult *result,
                                     GError **error)
{
  g_return_val_if_fail (RINGI_IS_ATTENDANCE_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
