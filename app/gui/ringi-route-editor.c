/* ringi-route-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ringi-route-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "ringi-route-describe.h"
#include "ringi-route-editor.h"
#include "ringi-store.h"

/*
 * RingiRouteEditor: a route made by hand, step by step (docs/routes.md).
 * The steps live in a small model; every change goes through one of the
 * widget's actions (the buttons use the same ones) and ends in
 * RingiRouteEditor::changed. The rows are rebuilt from the model on idle,
 * because a change often comes from inside a row that the rebuild removes
 * (the kind's drop-down, the person picker).
 */

struct _RingiRouteEditor
{
  GtkWidget parent_instance;

  GtkListBox *steps_list;
  GtkLabel *error_label;
  GtkButton *add_step_button;

  GPtrArray *steps;  /* EditorStep */
  GPtrArray *users;  /* RingiUser: the directory, people who may be picked */
  GHashTable *names; /* login → name */
  guint rebuild_source;
};

G_DEFINE_FINAL_TYPE (RingiRouteEditor, ringi_route_editor, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The kinds people write; post-review is added by the workflow only. */
static const RingiStepKind editable_kinds[] = {
  RINGI_STEP_APPROVE,
  RINGI_STEP_CONSULT,
  RINGI_STEP_CIRCULATE,
  RINGI_STEP_FINAL,
};

typedef struct
{
  RingiStepKind kind;
  guint quorum;      /* consult only; 0: all of them */
  GPtrArray *logins; /* char *, %NULL-terminated */
  gboolean expanded;
} EditorStep;

static void
editor_step_free (EditorStep *step)
{
  g_ptr_array_unref (step->logins);
  g_free (step);
}

static EditorStep *
editor_step_new (RingiStepKind kind)
{
  EditorStep *step = g_new0 (EditorStep, 1);

  step->kind = kind;
  step->logins = g_ptr_array_new_null_terminated (2, g_free, TRUE);
  step->expanded = TRUE;
  return step;
}

/* A view of @step as the route's own struct, for the describing helpers;
 * valid while @step does not change. */
static RingiRouteStep
editor_step_view (const EditorStep *step)
{
  RingiRouteStep view = {
    .kind = step->kind,
    .quorum = step->quorum,
    .logins = (char **) step->logins->pdata,
  };

  return view;
}

static gboolean
editor_step_has (const EditorStep *step,
                 const char *login)
{
  return g_ptr_array_find_with_equal_func (step->logins, login, g_str_equal, NULL);
}

static gboolean
kind_from_word (const char *word,
                RingiStepKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (editable_kinds); i++)
    {
      if (g_str_equal (word, ringi_step_kind_to_string (editable_kinds[i])))
        {
          *kind = editable_kinds[i];
          return TRUE;
        }
    }

  return FALSE;
}

static guint
kind_position (RingiStepKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (editable_kinds); i++)
    if (editable_kinds[i] == kind)
      return i;

  return 0;
}

GtkWidget *
ringi_route_editor_new (void)
{
  return g_object_new (RINGI_TYPE_ROUTE_EDITOR, NULL);
}

/* Text, checks */

/* The route text of the model, without checking it */
static char *
model_to_text (RingiRouteEditor *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->steps->len; i++)
    {
      const EditorStep *step = g_ptr_array_index (self->steps, i);
      g_autofree char *logins = g_strjoinv (",", (char **) step->logins->pdata);

      if (i > 0)
        g_string_append (text, " ; ");
      g_string_append (text, ringi_step_kind_to_string (step->kind));
      if (step->kind == RINGI_STEP_CONSULT && step->quorum == 0)
        g_string_append (text, ":all");
      else if (step->kind == RINGI_STEP_CONSULT)
        g_string_append_printf (text, ":%u", step->quorum);
      g_string_append_printf (text, "=%s", logins);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * ringi_route_editor_dup_text:
 * @self: a #RingiRouteEditor
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the route in its canonical text, or %NULL with
 *   @error set (%RINGI_ROUTE_ERROR) when it is not a route yet: no steps, a
 *   step naming nobody, no final step…
 */
char *
ringi_route_editor_dup_text (RingiRouteEditor *self,
                             GError **error)
{
  g_autoptr(RingiRoute) route = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (RINGI_IS_ROUTE_EDITOR (self), NULL);

  if (self->steps->len == 0)
    {
      g_set_error_literal (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_INVALID,
                           _("The route has no steps yet"));
      return NULL;
    }

  /* The parser's message for an empty step is about syntax; this one
   * says what to do. */
  for (guint i = 0; i < self->steps->len; i++)
    {
      const EditorStep *step = g_ptr_array_index (self->steps, i);

      if (step->logins->len == 0)
        {
          g_set_error (error, RINGI_ROUTE_ERROR, RINGI_ROUTE_ERROR_INVALID,
                       _("Step %u names nobody yet: add a person to it"), i + 1);
          return NULL;
        }
    }

  text = model_to_text (self);
  route = ringi_route_parse (text, error);
  if (route == NULL)
    return NULL;

  return ringi_route_to_string (route);
}

/**
 * ringi_route_editor_get_n_steps:
 * @self: a #RingiRouteEditor
 *
 * Returns: how many steps the route has
 */
guint
ringi_route_editor_get_n_steps (RingiRouteEditor *self)
{
  g_return_val_if_fail (RINGI_IS_ROUTE_EDITOR (self), 0);

  return self->steps->len;
}

static void
update_error (RingiRouteEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ringi_route_editor_dup_text (self, &error);

  gtk_label_set_label (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

/* Rows */

static void rebuild_rows (RingiRouteEditor *self);

static gboolean
rebuild_cb (gpointer user_data)
{
  RingiRouteEditor *self = user_data;

  self->rebuild_source = 0;
  rebuild_rows (self);
  return G_SOURCE_REMOVE;
}

static void
changed (RingiRouteEditor *self)
{
  if (self->rebuild_source == 0)
    self->rebuild_source = g_idle_add (rebuild_cb, self);

  update_error (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkWidget *
icon_button (const char *icon_name,
             const char *label,
             const char *action,
             GVariant *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
on_kind_selected (AdwComboRow *row,
                  GParamSpec *pspec,
                  RingiRouteEditor *self)
{
  guint number = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "ringi-step"));
  guint position = adw_combo_row_get_selected (row);

  if (position >= G_N_ELEMENTS (editable_kinds))
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "route-editor.set-kind", "(us)",
                              number, ringi_step_kind_to_string (editable_kinds[position]));
}

static GtkWidget *
kind_row (RingiRouteEditor *self,
          const EditorStep *step,
          guint number)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

  for (guint i = 0; i < G_N_ELEMENTS (editable_kinds); i++)
    gtk_string_list_append (kinds, ringi_step_kind_label (editable_kinds[i]));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Kind"));
  adw_combo_row_set_model (row, G_LIST_MODEL (kinds));
  adw_combo_row_set_selected (row, kind_position (step->kind));
  g_object_set_data (G_OBJECT (row), "ringi-step", GUINT_TO_POINTER (number));
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_kind_selected), self);
  return GTK_WIDGET (row);
}

static void
on_quorum_selected (AdwComboRow *row,
                    GParamSpec *pspec,
                    RingiRouteEditor *self)
{
  guint number = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "ringi-step"));
  guint position = adw_combo_row_get_selected (row);

  if (position == GTK_INVALID_LIST_POSITION)
    return;

  /* Position 0 is “all of them”, then 1, 2… */
  gtk_widget_activate_action (GTK_WIDGET (self), "route-editor.set-quorum", "(uu)", number, position);
}

/* How many of a consult group must approve: all, or 1 … n - 1 */
static GtkWidget *
quorum_row (RingiRouteEditor *self,
            const EditorStep *step,
            guint number)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

  gtk_string_list_append (choices, _("All of them"));
  for (guint n = 1; n < MAX (step->logins->len, step->quorum + 1); n++)
    {
      g_autofree char *label = g_strdup_printf ("%u", n);
      gtk_string_list_append (choices, label);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Approvals needed"));
  adw_combo_row_set_model (row, G_LIST_MODEL (choices));
  adw_combo_row_set_selected (row, step->quorum);
  g_object_set_data (G_OBJECT (row), "ringi-step", GUINT_TO_POINTER (number));
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_quorum_selected), self);
  return GTK_WIDGET (row);
}

static GtkWidget *
person_row (RingiRouteEditor *self,
            const char *login,
            guint number)
{
  GtkWidget *row = adw_action_row_new ();
  const char *name = g_hash_table_lookup (self->names, login);
  g_autofree char *label = g_strdup_printf (_("Remove %s"), name ? name : login);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name ? name : login);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), login);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             icon_button ("list-remove-symbolic", label, "route-editor.remove-person",
                                          g_variant_new ("(us)", number, login)));
  return row;
}

/* The person picker */

static gboolean
user_matches (const RingiUser *user,
              const char *query)
{
  const char *fields[] = { user->display_name, user->login, user->department, user->seal_name };

  if (query == NULL || query[0] == '\0')
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *field = fields[i] ? g_utf8_casefold (fields[i], -1) : NULL;

      if (field != NULL && strstr (field, query) != NULL)
        return TRUE;
    }

  return FALSE;
}

static gboolean
filter_person (GtkListBoxRow *row,
               gpointer user_data)
{
  GtkSearchEntry *entry = user_data;
  const RingiUser *user = g_object_get_data (G_OBJECT (row), "ringi-user");
  g_autofree char *query = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);

  return user_matches (user, g_strstrip (query));
}

static void
on_search_changed (GtkSearchEntry *entry,
                   GtkListBox *list)
{
  gtk_list_box_invalidate_filter (list);
}

static void
pick_person (RingiRouteEditor *self,
             GtkWidget *from,
             const RingiUser *user)
{
  guint number = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (from), "ringi-step"));
  GtkWidget *popover = gtk_widget_get_ancestor (from, GTK_TYPE_POPOVER);

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_widget_activate_action (GTK_WIDGET (self), "route-editor.add-person", "(us)", number, user->login);
}

static void
on_person_activated (GtkListBox *list,
                     GtkListBoxRow *row,
                     RingiRouteEditor *self)
{
  pick_person (self, GTK_WIDGET (list), g_object_get_data (G_OBJECT (row), "ringi-user"));
}

/* Enter in the search picks the first person it shows */
static void
on_search_activate (GtkSearchEntry *entry,
                    GtkListBox *list)
{
  RingiRouteEditor *self = RINGI_ROUTE_EDITOR (gtk_widget_get_ancestor (GTK_WIDGET (list), RINGI_TYPE_ROUTE_EDITOR));

  /* The filter itself, not what the list shows: the list follows the
   * search only after a short delay. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_BOX_ROW (row) && filter_person (GTK_LIST_BOX_ROW (row), entry))
        {
          pick_person (self, GTK_WIDGET (list), g_object_get_data (G_OBJECT (row), "ringi-user"));
          return;
        }
    }
}

static GtkWidget *
picker_row (const RingiUser *user)
{
  GtkWidget *row = adw_action_row_new ();
  const char *name = user->display_name && user->display_name[0] ? user->display_name : user->login;
  g_autofree char *subtitle = user->department ? g_strdup_printf ("%s · %s", user->login, user->department)
                                               : g_strdup (user->login);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "ringi-user", (gpointer) user);
  return row;
}

static GtkWidget *
picker_new (RingiRouteEditor *self,
            const EditorStep *step,
            guint number)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_search_entry_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search the directory"), -1);
  g_object_set (entry, "placeholder-text", _("Name, login or department"), NULL);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_set_filter_func (GTK_LIST_BOX (list), filter_person, entry, NULL);
  g_object_set_data (G_OBJECT (list), "ringi-step", GUINT_TO_POINTER (number));

  for (guint i = 0; i < self->users->len; i++)
    {
      const RingiUser *user = g_ptr_array_index (self->users, i);

      if (!editor_step_has (step, user->login))
        gtk_list_box_append (GTK_LIST_BOX (list), picker_row (user));
    }

  gtk_list_box_set_placeholder (GTK_LIST_BOX (list), gtk_label_new (_("Nobody found")));
  g_signal_connect (entry, "search-changed", G_CALLBACK (on_search_changed), list);
  g_signal_connect (entry, "activate", G_CALLBACK (on_search_activate), list);
  g_signal_connect (list, "row-activated", G_CALLBACK (on_person_activated), self);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 260);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_default_widget (GTK_POPOVER (popover), NULL);
  return popover;
}

static GtkWidget *
add_person_row (RingiRouteEditor *self,
                const EditorStep *step,
                guint number)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "contact-new-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Add a Person"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add a Person"), -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), picker_new (self, step, number));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Add a person from the directory"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  return row;
}

static void
on_expanded (AdwExpanderRow *row,
             GParamSpec *pspec,
             RingiRouteEditor *self)
{
  guint number = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "ringi-step"));
  EditorStep *step;

  if (number == 0 || number > self->steps->len)
    return;

  step = g_ptr_array_index (self->steps, number - 1);
  step->expanded = adw_expander_row_get_expanded (row);
}

static GtkWidget *
step_row (RingiRouteEditor *self,
          const EditorStep *step,
          guint number)
{
  AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  RingiRouteStep view = editor_step_view (step);
  g_autofree char *title = ringi_route_describe_step (&view, number);
  g_autofree char *people = ringi_route_describe_people (&view, self->names);
  g_autofree char *up = g_strdup_printf (_("Move Step %u Up"), number);
  g_autofree char *down = g_strdup_printf (_("Move Step %u Down"), number);
  g_autofree char *remove = g_strdup_printf (_("Remove Step %u"), number);
  GtkWidget *button;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (row, people);
  adw_expander_row_set_expanded (row, step->expanded);
  g_object_set_data (G_OBJECT (row), "ringi-step", GUINT_TO_POINTER (number));
  g_signal_connect (row, "notify::expanded", G_CALLBACK (on_expanded), self);

  /* Each action goes before the previous one: from the right. The first
   * step cannot go up nor the last down; their buttons stay, greyed, so
   * that the others do not move. */
  adw_expander_row_add_action (row, icon_button ("user-trash-symbolic", remove, "route-editor.remove-step",
                                                 g_variant_new_uint32 (number)));
  button = icon_button ("go-down-symbolic", down, number < self->steps->len ? "route-editor.move-step-down" : NULL,
                        g_variant_new_uint32 (number));
  gtk_widget_set_sensitive (button, number < self->steps->len);
  adw_expander_row_add_action (row, button);
  button = icon_button ("go-up-symbolic", up, number > 1 ? "route-editor.move-step-up" : NULL,
                        g_variant_new_uint32 (number));
  gtk_widget_set_sensitive (button, number > 1);
  adw_expander_row_add_action (row, button);

  adw_expander_row_add_row (row, kind_row (self, step, number));
  if (step->kind == RINGI_STEP_CONSULT)
    adw_expander_row_add_row (row, quorum_row (self, step, number));
  for (guint i = 0; i < step->logins->len; i++)
    adw_expander_row_add_row (row, person_row (self, g_ptr_array_index (step->logins, i), number));
  adw_expander_row_add_row (row, add_person_row (self, step, number));
  return GTK_WIDGET (row);
}

static void
rebuild_rows (RingiRouteEditor *self)
{
  GtkWidget *child;

  g_clear_handle_id (&self->rebuild_source, g_source_remove);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list))) != NULL)
    {
      /* The placeholder is a child too: keep it. */
      if (!GTK_IS_LIST_BOX_ROW (child))
        child = gtk_widget_get_next_sibling (child);
      if (child == NULL)
        break;
      gtk_list_box_remove (self->steps_list, child);
    }

  for (guint i = 0; i < self->steps->len; i++)
    gtk_list_box_append (self->steps_list, step_row (self, g_ptr_array_index (self->steps, i), i + 1));
}

/* Actions */

static EditorStep *
step_from_number (RingiRouteEditor *self,
                  guint number)
{
  if (number == 0 || number > self->steps->len)
    {
      g_warning ("There is no step %u", number);
      return NULL;
    }

  return g_ptr_array_index (self->steps, number - 1);
}

static void
add_step_action (GtkWidget *widget,
                 const char *action_name,
                 GVariant *parameter)
{
  RingiRouteEditor *self = RINGI_ROUTE_EDITOR (widget);
  EditorStep *last = self->steps->len ? g_ptr_array_index (self->steps, self->steps->len - 1) : NULL;

  /* A route ends with its decider; the steps before it approve. */
  if (last != NULL && last->kind == RINGI_STEP_FINAL)
    g_ptr_array_insert (self->steps, self->steps->len - 1, editor_step_new (RINGI_STEP_APPROVE));
  else
    g_ptr_array_add (self->steps, editor_step_new (self->steps->len ? RINGI_STEP_FINAL : RINGI_STEP_APPROVE));
  changed (self);
}

static void
remove_step_action (GtkWidget *widget,
                    const char *action_name,
                    GVariant *parameter)
{
  RingiRouteEditor *self = RINGI_ROUTE_EDITOR (widget);
  guint number = g_variant_get_uint32 (parameter);

  if (step_from_number (self, number) == NULL)
    return;

  g_ptr_array_remove_index (self->steps, number - 1);
  changed (self);
}

static void
swap_steps (RingiRouteEditor *self,
            guint a,
            guint b)
{
  gpointer step = self->steps->pdata[a - 1];

  self->steps->pdata[a - 1] = self->steps->pdata[b - 1];
  self->steps->pdata[b - 1] = step;
  changed (self);
}

static void
move_step_action (GtkWidget *widget,
                  const char *action_name,
                  GVariant *parameter)
{
  RingiRouteEditor *self = RINGI_ROUTE_EDITOR (widget);
  guint number = g_variant_get_uint32 (parameter);
  gboolean up = g_str_equal (action_name, "route-editor.move-step-up");
  guint other = up ? number - 1 : number + 1;

  if (step_from_number (self, number) == NULL || other == 0 || other > self->steps->len)
    return;

  swap_steps (self, number, other);
}

static void
set_kind_action (GtkWidget *widget,
                 const char *action_name,
                 GVariant *parameter)
{
  RingiRouteEditor *self = RINGI_ROUTE_EDITOR (widget);
  const char *word;
  guint number;
  RingiStepKind kind;
  EditorStep *step;

  g_variant_get (parameter, "(u&s)", &number, &word);
  if ((step = step_from_number (self, number)) == NULL)
    return;
  if (!kind_from_word (word, &kind))
    {
      g_warning ("“%s” is not a kind of step people write", word);
      return;
    }
  if (step->kind == kind)
    return;

  step->kind = kind;
  step->quorum = 0;
  changed (self);
}

static void
set_quorum_action (GtkWidget *widget,
                   const char *action_name,
                   GVariant *parameter)
{
  RingiRouteEditor *self = RINGI_ROUTE_EDITOR (widget);
  guint number, quorum;
  EditorStep *step;

  g_variant_get (parameter, "(uu)", &number, &quorum);
  if ((step = step_from_number (self, number)) == NULL || step->quorum == quorum)
    return;

  step->quorum = quorum;
  changed (self);
}

static void
add_person_action (GtkWidget *widget,
                   const char *action_name,
                   GVariant *parameter)
{
  RingiRouteEditor *self = RINGI_ROUTE_EDITOR (widget);
  const char *login;
  guint number;
  EditorStep *step;

  g_variant_get (parameter, "(u&s)", &number, &login);
  if ((step = step_from_number (self, number)) == NULL || editor_step_has (step, login))
    return;

  g_ptr_array_add (step->logins, g_strdup (login));
  changed (self);
}

static void
remove_person_action (GtkWidget *widget,
                      const char *action_name,
                      GVariant *parameter)
{
  RingiRouteEditor *self = RINGI_ROUTE_EDITOR (widget);
  const char *login;
  guint number, index;
  EditorStep *step;

  g_variant_get (parameter, "(u&s)", &number, &login);
  if ((step = step_from_number (self, number)) == NULL ||
      !g_ptr_array_find_with_equal_func (step->logins, login, g_str_equal, &index))
    return;

  g_ptr_array_remove_index (step->logins, index);
  /* A quorum cannot be larger than the group. */
  if (step->quorum >= step->logins->len)
    step->quorum = 0;
  changed (self);
}

/* Setting from outside */

/**
 * ringi_route_editor_set_directory:
 * @self: a #RingiRouteEditor
 * @users: (element-type RingiUser): the people who may be picked
 *
 * Copies the directory; disabled accounts are left out.
 */
void
ringi_route_editor_set_directory (RingiRouteEditor *self,
                                  GPtrArray *users)
{
  g_return_if_fail (RINGI_IS_ROUTE_EDITOR (self));
  g_return_if_fail (users != NULL);

  g_ptr_array_set_size (self->users, 0);
  for (guint i = 0; i < users->len; i++)
    {
      const RingiUser *user = g_ptr_array_index (users, i);

      if (!user->disabled)
        g_ptr_array_add (self->users, ringi_user_copy (user));
    }

  g_hash_table_unref (self->names);
  self->names = ringi_route_names_new (self->users);
  rebuild_rows (self);
}

/**
 * ringi_route_editor_set_route:
 * @self: a #RingiRouteEditor
 * @route: (nullable): the route to start from, or %NULL for none
 *
 * Replaces the steps with those of @route, e.g. a template to adapt.
 */
void
ringi_route_editor_set_route (RingiRouteEditor *self,
                              const RingiRoute *route)
{
  g_return_if_fail (RINGI_IS_ROUTE_EDITOR (self));

  g_ptr_array_set_size (self->steps, 0);
  for (guint number = 1; route != NULL && number <= ringi_route_get_n_steps (route); number++)
    {
      const RingiRouteStep *from = ringi_route_get_step (route, number);
      EditorStep *step;

      /* 後閲 is the workflow's, never part of a route people submit. */
      if (from->kind == RINGI_STEP_POST_REVIEW)
        continue;

      step = editor_step_new (from->kind);
      step->quorum = from->quorum;
      step->expanded = FALSE;
      for (guint i = 0; from->logins[i] != NULL; i++)
        g_ptr_array_add (step->logins, g_strdup (from->logins[i]));
      g_ptr_array_add (self->steps, step);
    }

  changed (self);
  rebuild_rows (self);
}

/* GObject */

static void
ringi_route_editor_dispose (GObject *object)
{
  RingiRouteEditor *self = RINGI_ROUTE_EDITOR (object);

  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RINGI_TYPE_ROUTE_EDITOR);

  G_OBJECT_CLASS (ringi_route_editor_parent_class)->dispose (object);
}

static void
ringi_route_editor_finalize (GObject *object)
{
  RingiRouteEditor *self = RINGI_ROUTE_EDITOR (object);

  g_ptr_array_unref (self->steps);
  g_ptr_array_unref (self->users);
  g_hash_table_unref (self->names);

  G_OBJECT_CLASS (ringi_route_editor_parent_class)->finalize (object);
}

static void
ringi_route_editor_class_init (RingiRouteEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ringi_route_editor_dispose;
  object_class->finalize = ringi_route_editor_finalize;

  /**
   * RingiRouteEditor::changed:
   *
   * The route changed; ringi_route_editor_dup_text() says whether it is
   * one yet.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ringi-route-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RingiRouteEditor, steps_list);
  gtk_widget_class_bind_template_child (widget_class, RingiRouteEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, RingiRouteEditor, add_step_button);

  gtk_widget_class_install_action (widget_class, "route-editor.add-step", NULL, add_step_action);
  gtk_widget_class_install_action (widget_class, "route-editor.remove-step", "u", remove_step_action);
  gtk_widget_class_install_action (widget_class, "route-editor.move-step-up", "u", move_step_action);
  gtk_widget_class_install_action (widget_class, "route-editor.move-step-down", "u", move_step_action);
  gtk_widget_class_install_action (widget_class, "route-editor.set-kind", "(us)", set_kind_action);
  gtk_widget_class_install_action (widget_class, "route-editor.set-quorum", "(uu)", set_quorum_action);
  gtk_widget_class_install_action (widget_class, "route-editor.add-person", "(us)", add_person_action);
  gtk_widget_class_install_action (widget_class, "route-editor.remove-person", "(us)", remove_person_action);
}

static void
ringi_route_editor_init (RingiRouteEditor *self)
{
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) editor_step_free);
  self->users = g_ptr_array_new_with_free_func ((GDestroyNotify) ringi_user_free);
  self->names = g_hash_table_new (g_str_hash, g_str_equal);

  gtk_widget_init_template (GTK_WIDGET (self));
  update_error (self);
}
