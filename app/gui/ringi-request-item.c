/* ringi-request-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-request-item"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ringi-request-item.h"

/* One request as the lists show it: the core's summary, plus what a row
 * needs that the summary does not carry (the applicant's name, the route's
 * length). Made on the loader's thread, then only read. */
struct _RingiRequestItem
{
  GObject parent_instance;

  RingiRequestSummary *summary;
  char *applicant_name;
  guint n_steps;
  guint n_done;
};

G_DEFINE_FINAL_TYPE (RingiRequestItem, ringi_request_item, G_TYPE_OBJECT)

static void
ringi_request_item_finalize (GObject *object)
{
  RingiRequestItem *self = (RingiRequestItem *) object;

  g_clear_pointer (&self->summary, ringi_request_summary_free);
  g_clear_pointer (&self->applicant_name, g_free);

  G_OBJECT_CLASS (ringi_request_item_parent_class)->finalize (object);
}

static void
ringi_request_item_class_init (RingiRequestItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ringi_request_item_finalize;
}

static void
ringi_request_item_init (RingiRequestItem *self)
{
}

/**
 * ringi_request_item_new:
 * @summary: (transfer full): the request
 * @applicant_name: (nullable): the applicant's display name; %NULL shows
 *   the login
 * @n_steps: the steps of the route
 * @n_done: the steps finished
 */
RingiRequestItem *
ringi_request_item_new (RingiRequestSummary *summary,
                        const char *applicant_name,
                        guint n_steps,
                        guint n_done)
{
  RingiRequestItem *self;

  g_return_val_if_fail (summary != NULL && summary->info != NULL, NULL);

  self = g_object_new (RINGI_TYPE_REQUEST_ITEM, NULL);
  self->summary = summary;
  self->applicant_name = g_strdup (applicant_name ? applicant_name : summary->info->applicant);
  self->n_steps = n_steps;
  self->n_done = n_done;
  return self;
}

const RingiRequestSummary *
ringi_request_item_get_summary (RingiRequestItem *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_ITEM (self), NULL);

  return self->summary;
}

const char *
ringi_request_item_get_id (RingiRequestItem *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_ITEM (self), NULL);

  return self->summary->info->id;
}

const char *
ringi_request_item_get_title (RingiRequestItem *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_ITEM (self), NULL);

  return self->summary->info->title;
}

const char *
ringi_request_item_get_applicant_name (RingiRequestItem *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_ITEM (self), NULL);

  return self->applicant_name;
}

gboolean
ringi_request_item_get_pending (RingiRequestItem *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_ITEM (self), FALSE);

  return self->summary->pending;
}

guint
ringi_request_item_get_n_steps (RingiRequestItem *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_ITEM (self), 0);

  return self->n_steps;
}

guint
ringi_request_item_get_n_done (RingiRequestItem *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_ITEM (self), 0);

  return self->n_done;
}

const char *
ringi_request_item_get_status_text (RingiRequestItem *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_ITEM (self), NULL);

  switch (self->summary->status)
    {
    case RINGI_REQUEST_NEW:
      /* Translators: status of a request not submitted yet */
      return C_("request status", "New");
    case RINGI_REQUEST_IN_PROGRESS:
      return C_("request status", "In progress");
    case RINGI_REQUEST_SENT_BACK:
      return C_("request status", "Sent back");
    case RINGI_REQUEST_WITHDRAWN:
      return C_("request status", "Withdrawn");
    case RINGI_REQUEST_REJECTED:
      return C_("request status", "Rejected");
    case RINGI_REQUEST_DECIDED:
      return C_("request status", "Decided");
    default:
      g_assert_not_reached ();
    }
}

/* Groups of three digits: amounts are read at a glance in yen. */
static char *
group_digits (gint64 amount)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, amount);
  GString *text = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

/* Returns: (nullable): the amount in yen, %NULL when the request has none */
char *
ringi_request_item_dup_amount_text (RingiRequestItem *self)
{
  g_autofree char *digits = NULL;

  g_return_val_if_fail (RINGI_IS_REQUEST_ITEM (self), NULL);

  if (self->summary->info->amount < 0)
    return NULL;

  digits = group_digits (self->summary->info->amount);
  /* Translators: an amount of money; %s is the number with its digits grouped */
  return g_strdup_printf (_("%s yen"), digits);
}

/* Returns: how far along its route the request is, e.g. "2 of 4 steps" */
char *
ringi_request_item_dup_progress_text (RingiRequestItem *self)
{
  g_return_val_if_fail (RINGI_IS_REQUEST_ITEM (self), NULL);

  /* Translators: how many steps of a request's route are done */
  return g_strdup_printf (ngettext ("%u of %u step", "%u of %u steps", self->n_steps), self->n_done, self->n_steps);
}

/* Returns: how long ago the request was made, e.g. "3 days ago" */
char *
ringi_request_item_dup_age_text (RingiRequestItem *self,
                                 GDateTime *now)
{
  g_autoptr(GDateTime) created = NULL;
  GTimeSpan age;
  guint n;

  g_return_val_if_fail (RINGI_IS_REQUEST_ITEM (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (self->summary->info->created_at != NULL)
    created = g_date_time_new_from_iso8601 (self->summary->info->created_at, NULL);
  if (created == NULL)
    return g_strdup ("");

  age = MAX (0, g_date_time_difference (now, created));
  if (age < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));
  if (age < G_TIME_SPAN_HOUR)
    {
      n = (guint) (age / G_TIME_SPAN_MINUTE);
      return g_strdup_printf (ngettext ("%u minute ago", "%u minutes ago", n), n);
    }
  if (age < G_TIME_SPAN_DAY)
    {
      n = (guint) (age / G_TIME_SPAN_HOUR);
      return g_strdup_printf (ngettext ("%u hour ago", "%u hours ago", n), n);
    }
  n = (guint) (age / G_TIME_SPAN_DAY);
  return g_strdup_printf (ngettext ("%u day ago", "%u days ago", n), n);
}
