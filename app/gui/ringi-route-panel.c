/* ringi-route-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The route beside the document: every stamp in order, each with its
 * person, what it did, the seal, the time, the comment and whether it
 * verifies; then the people the request has still to reach. Above them,
 * for a correction request (打刻修正申請), the punch its approval adds and
 * whether the document shows it.
 */

#define G_LOG_DOMAIN "ringi-route-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ringi-attendance-format.h"
#include "ringi-attendance-rules.h"
#include "ringi-route-panel.h"
#include "ringi-texture.h"

#define SEAL_SIZE 48

typedef struct
{
  gboolean pending;
  char *state;
  char *badge;
  GtkImage *badge_icon;
  GtkLabel *badge_label;
} StampRow;

struct _RingiRoutePanel
{
  GtkWidget parent_instance;

  GtkListBox *stamp_list;
  GtkListBox *waiting_list;
  GtkWidget *waiting_group;
  GtkLabel *verify_error_label;
  GtkWidget *correction_group;
  GtkListBox *correction_list;

  GPtrArray *stamps;     /* StampRow, one per stamp of the list */
  char *correction_text; /* what the correction rows say, or NULL */
};

G_DEFINE_FINAL_TYPE (RingiRoutePanel, ringi_route_panel, GTK_TYPE_WIDGET)

static void
stamp_row_free (StampRow *row)
{
  g_free (row->state);
  g_free (row->badge);
  g_free (row);
}

/**
 * ringi_stamp_status_to_sentence:
 * @status: a verdict of the verifier
 *
 * Returns: the verdict in plain words, translated
 */
const char *
ringi_stamp_status_to_sentence (RingiStampStatus status)
{
  switch (status)
    {
    case RINGI_STAMP_VALID:
      /* Translators: the badge of a stamp whose signature and chain check out */
      return _("Verified");
    case RINGI_STAMP_MALFORMED:
      return _("This is not a readable stamp; it cannot be trusted.");
    case RINGI_STAMP_BAD_SIGNATURE:
      return _("The signature does not match: the stamp was changed after it was signed.");
    case RINGI_STAMP_UNKNOWN_KEY:
      return _("The key that signed this stamp is not known here.");
    case RINGI_STAMP_KEY_NOT_BOUND:
      return _("Signed with a key the directory does not give to this person.");
    case RINGI_STAMP_CHAIN_BROKEN:
      return _("This stamp does not follow the one before it: a stamp is missing, added or out of order.");
    case RINGI_STAMP_DOCUMENT_CHANGED:
      return _("The document is not the one this person stamped.");
    case RINGI_STAMP_DELEGATION_INVALID:
      return _("Made on someone’s behalf without a valid delegation at that time.");
    case RINGI_STAMP_NOT_ALLOWED:
      return _("The route did not allow this person to do this at that point.");
    default:
      return _("This stamp could not be checked.");
    }
}

static char *
dup_state_text (RingiRequestData *data,
                RingiStamp *stamp)
{
  switch (ringi_stamp_get_action (stamp))
    {
    case RINGI_ACTION_SUBMIT:
      return g_strdup (_("Submitted"));
    case RINGI_ACTION_APPROVE:
      return g_strdup (_("Approved"));
    case RINGI_ACTION_REJECT:
      return g_strdup (_("Rejected"));
    case RINGI_ACTION_SEND_BACK:
      if (ringi_stamp_get_to_step (stamp) == 0)
        return g_strdup (_("Sent back to the applicant"));
      return g_strdup_printf (_("Sent back to step %u"), ringi_stamp_get_to_step (stamp));
    case RINGI_ACTION_WITHDRAW:
      return g_strdup (_("Withdrawn"));
    case RINGI_ACTION_RESUBMIT:
      return g_strdup (_("Resubmitted"));
    case RINGI_ACTION_ACKNOWLEDGE:
      return g_strdup (_("Acknowledged"));
    default:
      g_assert_not_reached ();
    }
}

static const char *
step_kind_text (RingiStepKind kind)
{
  switch (kind)
    {
    case RINGI_STEP_APPROVE:
      return _("Approval");
    case RINGI_STEP_CONSULT:
      return _("Consultation");
    case RINGI_STEP_CIRCULATE:
      return _("Circulation");
    case RINGI_STEP_FINAL:
      return _("Final decision");
    case RINGI_STEP_POST_REVIEW:
      return _("Post-review");
    default:
      g_assert_not_reached ();
    }
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* The seal picture, or an icon where no seal was pressed */
static GtkWidget *
new_mark (cairo_surface_t *seal,
          const char *icon_name)
{
  GtkWidget *mark;

  if (seal != NULL)
    {
      g_autoptr(GdkTexture) texture = ringi_texture_new_for_surface (seal);

      mark = gtk_image_new_from_paintable (GDK_PAINTABLE (texture));
      gtk_image_set_pixel_size (GTK_IMAGE (mark), SEAL_SIZE);
    }
  else
    {
      mark = gtk_image_new_from_icon_name (icon_name);
      gtk_image_set_pixel_size (GTK_IMAGE (mark), 24);
      gtk_widget_set_size_request (mark, SEAL_SIZE, SEAL_SIZE);
      gtk_widget_add_css_class (mark, "dim-label");
    }

  gtk_widget_set_valign (mark, GTK_ALIGN_START);
  return mark;
}

/* A row: the mark on the left, lines of text on the right */
static GtkWidget *
new_row (GtkWidget *mark,
         GtkWidget **text_box)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (*text_box, TRUE);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_box_append (GTK_BOX (box), mark);
  gtk_box_append (GTK_BOX (box), *text_box);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static char *
dup_person_line (const char *name,
                 const char *department)
{
  if (department == NULL || *department == '\0')
    return g_strdup (name);

  /* Translators: a person and their department, e.g. “Sato Hanako · General Affairs” */
  return g_strdup_printf (_("%s · %s"), name, department);
}

static char *
dup_when_line (RingiStamp *stamp)
{
  g_autofree char *time = g_date_time_format (ringi_stamp_get_time (stamp), "%Y-%m-%d %H:%M");

  if (ringi_stamp_get_step (stamp) == 0)
    return g_steal_pointer (&time);

  /* Translators: the route step of a stamp and when it was made */
  return g_strdup_printf (_("Step %u · %s"), ringi_stamp_get_step (stamp), time);
}

static const char *
mark_icon (RingiStamp *stamp)
{
  if (stamp == NULL)
    return "dialog-warning-symbolic";

  switch (ringi_stamp_get_action (stamp))
    {
    case RINGI_ACTION_REJECT:
      return "action-unavailable-symbolic";
    case RINGI_ACTION_SEND_BACK:
    case RINGI_ACTION_WITHDRAW:
      return "edit-undo-symbolic";
    default:
      return "emblem-ok-symbolic";
    }
}

static void
set_badge (StampRow *row,
           const char *text,
           const char *icon_name,
           const char *css_class)
{
  g_free (row->badge);
  row->badge = g_strdup (text);
  gtk_label_set_text (row->badge_label, text);
  gtk_image_set_from_icon_name (row->badge_icon, icon_name);

  gtk_widget_remove_css_class (GTK_WIDGET (row->badge_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (row->badge_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (row->badge_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->badge_label), css_class);
}

static GtkWidget *
new_badge (StampRow *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  row->badge_icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (row->badge_icon), GTK_ALIGN_START);
  row->badge_label = GTK_LABEL (new_label (NULL, "caption"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->badge_icon));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->badge_label));
  return box;
}

static void
add_stamp_row (RingiRoutePanel *self,
               RingiRequestData *data,
               RingiRequestEntry *entry)
{
  StampRow *row = g_new0 (StampRow, 1);
  GtkWidget *text_box;
  GtkWidget *list_row = new_row (new_mark (entry->seal, mark_icon (entry->stamp)), &text_box);
  g_autofree char *person = dup_person_line (entry->name, entry->department);

  row->pending = entry->pending;
  gtk_box_append (GTK_BOX (text_box), new_label (person, "heading"));
  if (entry->stamp != NULL)
    {
      g_autofree char *when = dup_when_line (entry->stamp);
      const char *principal = ringi_stamp_get_on_behalf_of (entry->stamp);

      row->state = dup_state_text (data, entry->stamp);
      gtk_box_append (GTK_BOX (text_box), new_label (row->state, NULL));
      if (principal != NULL)
        {
          g_autofree char *behalf = g_strdup_printf (_("On behalf of %s"),
                                                     ringi_request_data_get_name (data, principal));
          gtk_box_append (GTK_BOX (text_box), new_label (behalf, "dim-label"));
        }
      gtk_box_append (GTK_BOX (text_box), new_label (when, "dim-label"));
    }
  if (entry->comment != NULL && *entry->comment != '\0')
    {
      /* Translators: a comment quoted under a stamp */
      g_autofree char *quoted = g_strdup_printf (_("“%s”"), entry->comment);
      gtk_box_append (GTK_BOX (text_box), new_label (quoted, NULL));
    }

  gtk_box_append (GTK_BOX (text_box), new_badge (row));
  if (entry->pending)
    set_badge (row, _("Waiting to be sent"), "mail-send-symbolic", "dim-label");
  else
    set_badge (row, _("Checking…"), "content-loading-symbolic", "dim-label");

  g_ptr_array_add (self->stamps, row);
  gtk_list_box_append (self->stamp_list, list_row);
}

/* Who has acted at which step since the route last started over:
 * "STEP LOGIN" keys, the login being the one acted for. */
static GHashTable *
collect_done (RingiRequestData *data)
{
  GHashTable *done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < data->entries->len; i++)
    {
      RingiStamp *stamp = ((RingiRequestEntry *) data->entries->pdata[i])->stamp;
      const char *principal;
      RingiAction action;

      if (stamp == NULL)
        continue;

      action = ringi_stamp_get_action (stamp);
      principal = ringi_stamp_get_on_behalf_of (stamp) ?: ringi_stamp_get_signer (stamp);
      if (action == RINGI_ACTION_SUBMIT || action == RINGI_ACTION_RESUBMIT || action == RINGI_ACTION_WITHDRAW ||
          (action == RINGI_ACTION_SEND_BACK && ringi_stamp_get_to_step (stamp) == 0))
        g_hash_table_remove_all (done);
      else if (action == RINGI_ACTION_SEND_BACK)
        {
          GHashTableIter iter;
          const char *key;

          g_hash_table_iter_init (&iter, done);
          while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
            if (g_ascii_strtoull (key, NULL, 10) >= ringi_stamp_get_to_step (stamp))
              g_hash_table_iter_remove (&iter);
        }
      else
        g_hash_table_add (done, g_strdup_printf ("%u %s", ringi_stamp_get_step (stamp), principal));
    }

  return done;
}

static const char *
waiting_state (RingiRequestData *data,
               guint step)
{
  RingiWorkflow *workflow = data->workflow;

  switch (ringi_workflow_get_status (workflow))
    {
    case RINGI_REQUEST_IN_PROGRESS:
      if (step == ringi_workflow_get_current_step (workflow))
        return _("Current");
      return step > ringi_workflow_get_current_step (workflow) ? _("Waiting") : _("Not needed");
    case RINGI_REQUEST_DECIDED:
      return ringi_workflow_step_is_done (workflow, step) ? _("Not needed") : _("Waiting");
    case RINGI_REQUEST_REJECTED:
      return _("Not reached");
    default:
      return _("Waiting");
    }
}

static void
add_waiting_row (RingiRoutePanel *self,
                 RingiRequestData *data,
                 guint number,
                 const RingiRouteStep *step,
                 const char *login)
{
  RingiUser *user = g_hash_table_lookup (data->people, login);
  const char *state = waiting_state (data, number);
  gboolean current = g_str_equal (state, _("Current"));
  GtkWidget *text_box;
  GtkWidget *row = new_row (new_mark (NULL, current ? "alarm-symbolic" : "content-loading-symbolic"), &text_box);
  g_autofree char *person = dup_person_line (ringi_request_data_get_name (data, login),
                                             user ? user->department : NULL);
  /* Translators: a route step's number and kind, e.g. “Step 2 · Final decision” */
  g_autofree char *where = g_strdup_printf (_("Step %u · %s"), number, step_kind_text (step->kind));
  GtkWidget *state_label = new_label (state, current ? "accent" : "dim-label");

  gtk_box_append (GTK_BOX (text_box), new_label (person, "heading"));
  gtk_box_append (GTK_BOX (text_box), state_label);
  gtk_box_append (GTK_BOX (text_box), new_label (where, "dim-label"));
  gtk_list_box_append (self->waiting_list, row);
}

static void
add_waiting_rows (RingiRoutePanel *self,
                  RingiRequestData *data)
{
  RingiRoute *route = ringi_workflow_get_route (data->workflow);
  guint n_steps = route ? ringi_route_get_n_steps (route) : 0;
  g_autoptr(GHashTable) done = collect_done (data);
  gboolean any = FALSE;

  for (guint number = 1; number <= n_steps; number++)
    {
      const RingiRouteStep *step = ringi_route_get_step (route, number);

      for (guint i = 0; step->logins[i] != NULL; i++)
        {
          g_autofree char *key = g_strdup_printf ("%u %s", number, step->logins[i]);

          if (g_hash_table_contains (done, key))
            continue;
          add_waiting_row (self, data, number, step, step->logins[i]);
          any = TRUE;
        }
    }

  gtk_widget_set_visible (self->waiting_group, any);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/**
 * ringi_route_panel_set_data:
 * @self: a panel
 * @data: (nullable): the request, or %NULL for nothing
 *
 * Shows the request's stamps and the people still on its route. The
 * badges say "Checking…" until ringi_route_panel_set_verdicts().
 */
void
ringi_route_panel_set_data (RingiRoutePanel *self,
                            RingiRequestData *data)
{
  g_return_if_fail (RINGI_IS_ROUTE_PANEL (self));

  clear_list (self->stamp_list);
  clear_list (self->waiting_list);
  g_ptr_array_set_size (self->stamps, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_error_label), FALSE);

  if (data == NULL)
    return;

  for (guint i = 0; i < data->entries->len; i++)
    add_stamp_row (self, data, data->entries->pdata[i]);
  add_waiting_rows (self, data);
}

/**
 * ringi_route_panel_set_verdicts:
 * @self: a panel
 * @results: (element-type RingiStampResult): one verdict per accepted
 *   stamp, in chain order, from ringi_sync_verify_finish()
 *
 * Gives each accepted stamp its badge: verified, or the problem.
 */
void
ringi_route_panel_set_verdicts (RingiRoutePanel *self,
                                GPtrArray *results)
{
  guint next = 0;

  g_return_if_fail (RINGI_IS_ROUTE_PANEL (self));
  g_return_if_fail (results != NULL);

  for (guint i = 0; i < self->stamps->len; i++)
    {
      StampRow *row = self->stamps->pdata[i];
      RingiStampResult *result;

      if (row->pending)
        continue;
      if (next >= results->len)
        break;

      result = results->pdata[next++];
      /* The verifier's own detail, for whoever wants to know more */
      gtk_widget_set_tooltip_text (GTK_WIDGET (row->badge_label), result->explanation);
      if (result->status == RINGI_STAMP_VALID)
        set_badge (row, ringi_stamp_status_to_sentence (result->status), "emblem-ok-symbolic", "success");
      else
        set_badge (row, ringi_stamp_status_to_sentence (result->status), "dialog-warning-symbolic", "error");
    }
}

/**
 * ringi_route_panel_set_verify_error:
 * @self: a panel
 * @message: why the stamps could not be checked at all
 *
 * Says that the stamps could not be checked, and why.
 */
void
ringi_route_panel_set_verify_error (RingiRoutePanel *self,
                                    const char *message)
{
  g_autofree char *text = NULL;

  g_return_if_fail (RINGI_IS_ROUTE_PANEL (self));
  g_return_if_fail (message != NULL);

  text = g_strdup_printf (_("The stamps could not be checked: %s"), message);
  gtk_label_set_text (self->verify_error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_error_label), TRUE);

  for (guint i = 0; i < self->stamps->len; i++)
    {
      StampRow *row = self->stamps->pdata[i];

      if (!row->pending)
        set_badge (row, _("Not checked"), "dialog-question-symbolic", "dim-label");
    }
}

/**
 * ringi_route_panel_get_n_stamps:
 * @self: a panel
 *
 * Returns: how many stamps the panel lists
 */
guint
ringi_route_panel_get_n_stamps (RingiRoutePanel *self)
{
  g_return_val_if_fail (RINGI_IS_ROUTE_PANEL (self), 0);

  return self->stamps->len;
}

/**
 * ringi_route_panel_get_badge:
 * @self: a panel
 * @index: a stamp, from 0 in chain order
 *
 * Returns: what the stamp's badge says
 */
const char *
ringi_route_panel_get_badge (RingiRoutePanel *self,
                             guint index)
{
  g_return_val_if_fail (RINGI_IS_ROUTE_PANEL (self), NULL);
  g_return_val_if_fail (index < self->stamps->len, NULL);

  return ((StampRow *) self->stamps->pdata[index])->badge;
}

/**
 * ringi_route_panel_get_state:
 * @self: a panel
 * @index: a stamp, from 0 in chain order
 *
 * Returns: (nullable): what the stamp did, in words, or %NULL for an
 *   unreadable stamp
 */
const char *
ringi_route_panel_get_state (RingiRoutePanel *self,
                             guint index)
{
  g_return_val_if_fail (RINGI_IS_ROUTE_PANEL (self), NULL);
  g_return_val_if_fail (index < self->stamps->len, NULL);

  return ((StampRow *) self->stamps->pdata[index])->state;
}

static void
add_correction_row (RingiRoutePanel *self,
                    GString *text,
                    const char *title,
                    const char *subtitle,
                    const char *style)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (style != NULL)
    gtk_widget_add_css_class (row, style);
  gtk_list_box_append (self->correction_list, row);
  g_string_append_printf (text, "%s: %s\n", title, subtitle);
}

static void
add_punch_rows (RingiRoutePanel *self,
                GString *text,
                RingiPunch *punch)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (ringi_punch_get_client_time (punch),
                                                         ringi_attendance_get_time_zone ());
  g_autofree char *day = g_date_time_format (local, "%Y-%m-%d");
  g_autofree char *clock = ringi_attendance_format_clock (local);
  g_autofree char *when = g_strdup_printf ("%s %s", day, clock);
  g_autofree char *what = g_strdup_printf ("%s · %s", ringi_punch_kind_get_label (ringi_punch_get_kind (punch)),
                                           ringi_punch_place_get_label (ringi_punch_get_place (punch)));
  const char *corrects = ringi_punch_get_corrects (punch);
  g_autofree char *replaces = corrects ? g_strdup_printf (_("The punch %s"), corrects)
                                       : g_strdup (_("No punch: it adds a missing one"));

  add_correction_row (self, text, what, when, NULL);
  /* Translators: which punch a correction replaces */
  add_correction_row (self, text, _("Replaces"), replaces, NULL);
}

/**
 * ringi_route_panel_set_correction:
 * @self: a panel
 * @correction: (nullable): the punch a correction request adds, from
 *   ringi_sync_read_correction_finish(), or %NULL for none
 * @problem: (nullable): without @correction, why a correction request's
 *   punch cannot be shown; %NULL hides the rows
 *
 * Shows, above the stamps, the punch the request's approval adds, in
 * words, its reason and whether the document shows it: approvers see
 * only the document, which the applicant's client drew.
 */
void
ringi_route_panel_set_correction (RingiRoutePanel *self,
                                  RingiCorrection *correction,
                                  const char *problem)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (RINGI_IS_ROUTE_PANEL (self));

  clear_list (self->correction_list);
  g_clear_pointer (&self->correction_text, g_free);
  gtk_widget_set_visible (self->correction_group, correction != NULL || problem != NULL);
  if (correction == NULL)
    {
      if (problem != NULL)
        add_correction_row (self, text, _("Punch"), problem, "error");
      self->correction_text = problem ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
      return;
    }

  if (correction->punch != NULL)
    add_punch_rows (self, text, correction->punch);
  else
    add_correction_row (self, text, _("Punch"), _("What is kept here is no punch record"), "error");
  if (correction->note != NULL)
    /* Translators: the reason given for a correction */
    add_correction_row (self, text, _("Reason"), correction->note, NULL);
  if (correction->shown)
    add_correction_row (self, text, _("Document"), _("Shows this punch"), "success");
  else
    add_correction_row (self, text, _("Document"), _("Does not show this punch: send it back"), "error");

  self->correction_text = g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * ringi_route_panel_get_correction_text:
 * @self: a panel
 *
 * Returns: (nullable): what the correction's rows say, one "title:
 *   subtitle" line each, or %NULL when none is shown
 */
const char *
ringi_route_panel_get_correction_text (RingiRoutePanel *self)
{
  g_return_val_if_fail (RINGI_IS_ROUTE_PANEL (self), NULL);

  return self->correction_text;
}

static void
ringi_route_panel_dispose (GObject *object)
{
  RingiRoutePanel *self = RINGI_ROUTE_PANEL (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_ROUTE_PANEL);
  /* The template's top widget has no id for the disposal above to find. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->stamps, g_ptr_array_unref);
  g_clear_pointer (&self->correction_text, g_free);

  G_OBJECT_CLASS (ringi_route_panel_parent_class)->dispose (object);
}

static void
ringi_route_panel_class_init (RingiRoutePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ringi_route_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-route-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiRoutePanel, stamp_list);
  gtk_widget_class_bind_template_child (widget_class, RingiRoutePanel, waiting_list);
  gtk_widget_class_bind_template_child (widget_class, RingiRoutePanel, waiting_group);
  gtk_widget_class_bind_template_child (widget_class, RingiRoutePanel, verify_error_label);
  gtk_widget_class_bind_template_child (widget_class, RingiRoutePanel, correction_group);
  gtk_widget_class_bind_template_child (widget_class, RingiRoutePanel, correction_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ringi-route-panel");
}

static void
ringi_route_panel_init (RingiRoutePanel *self)
{
  self->stamps = g_ptr_array_new_with_free_func ((GDestroyNotify) stamp_row_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ringi_route_panel_new:
 *
 * Returns: (transfer floating): an empty panel
 */
GtkWidget *
ringi_route_panel_new (void)
{
  return g_object_new (RINGI_TYPE_ROUTE_PANEL, NULL);
}
