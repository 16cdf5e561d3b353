"""The network list: add, edit and remove people or organisations, each in a group.

Type a name (initials or a pseudonym are enough) and press Enter; choose its
group with a number or the arrows and Enter (the groups are shown only then;
Escape goes back to the name). In the list, Enter or E edits an entry and Delete
or X removes it; Ctrl+Z puts the last removed entry back. An entry being edited
stays in the list: Enter on a changed name changes it in place, Enter on an
empty field (or Escape) leaves it as it was. Enter on an empty name field
otherwise means 'done'.

The widget scrolls when it is taller than the room the answer area has, so every
entry and the Done button can be reached at any terminal size; the focused part
is scrolled into view. The follow-up questions per entry come afterwards as
ordinary questions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from dialoog.engine.answers import MAX_NAME_LENGTH
from dialoog.tui.messages import Answered, Notice
from dialoog.tui.text import plain, safe
from dialoog.tui.widgets.answers.base import AnswerWidget, GoButton, NumberedOptions, numbered
from dialoog.tui.widgets.answers.text import TextField

if TYPE_CHECKING:
    from dialoog.engine import Turn
    from dialoog.i18n import UI


class NameField(TextField):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("down", "entries", show=False)]

    def action_entries(self) -> None:
        parent = self.parent
        if isinstance(parent, NetworkAnswer):
            parent.focus_entries()


class EntryList(OptionList):
    """The entries named so far."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", show=False),
        Binding("delete,x,backspace", "remove", show=False),
    ]

    DEFAULT_CSS = """
    EntryList { height: auto; max-height: 8; border: none; padding: 0; background: transparent; }
    EntryList:focus { border: none; }
    """

    def action_edit(self) -> None:
        if self.highlighted is not None and isinstance(self.parent, NetworkAnswer):
            self.parent.edit(self.highlighted)

    def action_remove(self) -> None:
        if self.highlighted is not None and isinstance(self.parent, NetworkAnswer):
            self.parent.remove_entry(self.highlighted)


def read_entries(value: Any) -> list[dict[str, str]]:
    """The entries (name and category) in a saved answer or a draft; anything else is left out."""
    entries: list[dict[str, str]] = []
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                entries.append({"name": item["name"], "category": str(item.get("category") or "")})
    return entries


class NetworkAnswer(AnswerWidget):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z", "undo", show=False),
        Binding("escape", "cancel", show=False),
    ]

    DEFAULT_CSS = """
    NetworkAnswer { padding: 0 1; overflow-y: auto; scrollbar-size-vertical: 1; }
    NetworkAnswer > #suggest { color: $text-muted; }
    NetworkAnswer > NameField { width: 1fr; }
    NetworkAnswer > #group-label { margin-top: 1; color: $text-muted; }
    NetworkAnswer > #entries-label { margin-top: 1; color: $text-muted; }
    NetworkAnswer > GoButton { margin-top: 1; }
    NetworkAnswer > .-choosing-only { display: none; }
    NetworkAnswer.-choosing > .-choosing-only { display: block; }
    /* while a group is chosen, the groups get the room: the hint goes, and a long list of groups scrolls
       in itself (the highlighted one stays in view), so at 80x24 the name, the question and the list fit */
    NetworkAnswer.-choosing > #suggest { display: none; }
    NetworkAnswer > #groups { max-height: 40vh; }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entries: list[dict[str, str]] = read_entries(self.initial)
        self.labels = {c.value: c.label for c in self.turn.categories}
        self.pending: str | None = None
        """A name typed, waiting for its group to be chosen."""
        self.editing: int | None = None
        """The index of the entry whose name is in the field to be changed (it stays in the list meanwhile)."""
        self.removed: tuple[int, dict[str, str]] | None = None
        """The entry removed last and where it was, for Ctrl+Z."""

    def compose(self) -> Any:
        ui = self.ui
        yield Static(self._suggest(), id="suggest", markup=False)
        yield NameField(placeholder=ui._("Name, initials or pseudonym"), max_length=MAX_NAME_LENGTH, ui=ui,
                        compact=True, id="name", select_on_focus=False)
        yield Static(id="group-label", markup=False, classes="-choosing-only")
        categories = self.turn.categories
        yield NumberedOptions([c.value for c in categories],
                              [numbered(i, c.label) for i, c in enumerate(categories, 1)],
                              id="groups", classes="-choosing-only")
        yield Static(id="entries-label", markup=False)
        yield EntryList(id="entries")
        yield GoButton(Content(ui._("Done")), id="done")

    def on_mount(self) -> None:
        if self.query(EntryList):  # not when the app closes while this widget is still being mounted
            self._show_entries()

    def reload(self, turn: Turn, ui: UI, draft: Any = None) -> bool:
        self._take(turn, ui, draft)
        self.entries = read_entries(self.initial)
        self.labels = {c.value: c.label for c in turn.categories}
        self.pending = None
        self.editing = None
        self.removed = None
        self.remove_class("-choosing")
        self.query_one("#suggest", Static).update(self._suggest())
        field = self.query_one(NameField)
        field.ui = ui
        field.placeholder = ui._("Name, initials or pseudonym")
        field.value = ""
        self.query_one("#groups", NumberedOptions).load(
            [c.value for c in turn.categories], [numbered(i, c.label) for i, c in enumerate(turn.categories, 1)])
        self._show_entries()
        self.scroll_home(animate=False)
        return True

    def _suggest(self) -> Content:
        return plain(self.turn.suggest
                     or self.ui._("Initials or a pseudonym are enough: you do not need to write full names."))

    def hint(self) -> str:
        return self.ui._("Type a name and press Enter · Enter on an empty field when you are done")

    def focus_target(self) -> Widget:
        return self.query_one(NameField)

    def _focus_now(self, widget: Widget) -> None:
        """Focus `widget` at once (`focus()` waits for the next idle moment): the next key, which may already
        be on its way (typed fast, a password manager, `tmux send-keys`), goes to it."""
        self.screen.set_focus(widget)

    def on_key(self, event: events.Key) -> None:
        """A character that reached the group list after the group was chosen (typed right after the group's
        number, before the focus moved back) belongs to the next name: it goes into the name field."""
        field = self.query_one(NameField)
        if self.pending is None and event.is_printable and event.character and self.screen.focused is not field:
            focused = self.screen.focused
            if focused is not None and focused.id == "groups":
                event.stop()
                event.prevent_default()
                self._focus_now(field)
                field.insert_text_at_cursor(event.character)

    def focus_entries(self) -> None:
        if self.entries:
            entries = self.query_one(EntryList)
            self._focus_now(entries)
            entries.highlighted = 0

    def _show_entries(self, highlight: int | None = None) -> None:
        entries = self.query_one(EntryList)
        entries.clear_options()
        ui = self.ui
        editing = ui._("(being changed)")
        entries.add_options(
            Option(Content.assemble(numbered(i, e["name"]), " · ", plain(self.labels.get(e["category"], "")),
                                    *((" ", (editing, "italic")) if i - 1 == self.editing else ())))
            for i, e in enumerate(self.entries, 1)
        )
        if self.entries:
            entries.highlighted = min(highlight or 0, len(self.entries) - 1)
        if self.editing is not None:
            label = ui._("Changing '{name}' · Enter on an empty field or Escape keeps it as it was",
                         name=self.entries[self.editing]["name"])
        elif self.entries:
            label = ui.ngettext("{n} named · Enter or E edits, Delete or X removes",
                                "{n} named · Enter or E edits, Delete or X removes", len(self.entries))
        else:
            label = ui._("Nobody named yet")
        self.query_one("#entries-label", Static).update(plain(label))
        self.query_one("#done", GoButton).label = Content(ui._("Done ({n} named)", n=len(self.entries)))

    def _choose_group(self, name: str, category: str | None) -> None:
        """Show the groups, asking which one `name` is in (with `category` highlighted), and focus them."""
        self.pending = name
        groups = self.query_one("#groups", NumberedOptions)
        if category in groups.values:
            groups.highlighted = groups.values.index(category)
        self.query_one("#group-label", Static).update(plain(self.ui._("Which group is '{name}' in?", name=name)))
        self.add_class("-choosing")
        self._focus_now(groups)

    def _stop_choosing(self) -> None:
        self.pending = None
        self.remove_class("-choosing")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = safe(event.value, MAX_NAME_LENGTH)
        if not name:
            if self.editing is not None:
                self.cancel_edit()
                return
            self.submit()
            return
        if any(e["name"].casefold() == name.casefold() for i, e in enumerate(self.entries) if i != self.editing):
            self.post_message(Notice(self.ui._("'{name}' is in the list twice.", name=name), error=True))
            return
        categories = self.turn.categories
        if len(categories) <= 1:
            self.add(name, categories[0].value if categories else "")
            return
        current = self.entries[self.editing]["category"] if self.editing is not None else None
        self._choose_group(name, current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "groups":
            groups = self.query_one("#groups", NumberedOptions)
            name = self.pending or safe(self.query_one(NameField).value, MAX_NAME_LENGTH)
            if name:
                self.add(name, groups.values[event.option_index])
        elif event.option_list.id == "entries":
            self.edit(event.option_index)

    def add(self, name: str, category: str) -> None:
        """Add an entry, or (while one is being edited) change that one in place."""
        entry = {"name": name, "category": category}
        if self.editing is not None:
            index = self.editing
            self.entries[index] = entry
            self.editing = None
        else:
            self.entries.append(entry)
            index = len(self.entries) - 1
        self._stop_choosing()
        field = self.query_one(NameField)
        field.value = ""
        self._show_entries(index)
        self._focus_now(field)
        # the field at the top of the view, so the list and Done below it show as far as there is room
        self.call_after_refresh(self.scroll_to_widget, field, animate=False, top=True)

    def edit(self, index: int) -> None:
        """Put entry `index` in the name field to be changed; it stays in the list until it is."""
        if not 0 <= index < len(self.entries):
            return
        self._stop_choosing()
        self.editing = index
        field = self.query_one(NameField)
        field.value = self.entries[index]["name"]
        self._show_entries(index)
        self._focus_now(field)
        field.cursor_position = len(field.value)

    def cancel_edit(self) -> None:
        """Leave the entry being edited as it was."""
        index = self.editing
        if index is None:
            return
        self.editing = None
        self._stop_choosing()
        field = self.query_one(NameField)
        field.value = ""
        self._show_entries(index)
        self.post_message(Notice(self.ui._(
            "'{name}' is kept as it was. To remove it, choose it in the list and press Delete.",
            name=self.entries[index]["name"])))
        self._focus_now(field)

    def remove_entry(self, index: int) -> None:
        """Remove entry `index` from the list (Ctrl+Z puts it back)."""
        if not 0 <= index < len(self.entries):
            return
        if self.editing is not None:
            self.editing = None
            self._stop_choosing()
            self.query_one(NameField).value = ""
        entry = self.entries.pop(index)
        self.removed = (index, entry)
        self._show_entries(index)
        self.post_message(Notice(self.ui._("'{name}' is removed. Ctrl+Z puts it back.", name=entry["name"])))
        if not self.entries:
            self._focus_now(self.query_one(NameField))

    def action_undo(self) -> None:
        """Put the entry removed last back where it was."""
        if self.removed is None:
            return
        index, entry = self.removed
        self.removed = None
        if any(e["name"].casefold() == entry["name"].casefold() for e in self.entries):
            self.post_message(Notice(self.ui._("'{name}' is in the list twice.", name=entry["name"]), error=True))
            return
        index = min(index, len(self.entries))
        if self.editing is not None and self.editing >= index:
            self.editing += 1
        self.entries.insert(index, entry)
        self._show_entries(index)
        self.post_message(Notice(self.ui._("'{name}' is back in the list.", name=entry["name"])))

    def action_cancel(self) -> None:
        """Escape: back from choosing a group to the name, or leave the entry being edited as it was."""
        if self.pending is not None:
            name = self.pending
            self._stop_choosing()
            field = self.query_one(NameField)
            field.value = name
            self._focus_now(field)
            field.cursor_position = len(name)
        elif self.editing is not None:
            self.cancel_edit()

    def on_go_button_pressed(self, event: GoButton.Pressed) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        self.post_message(Answered([dict(e) for e in self.entries]))

    def draft(self) -> Any:
        return [dict(e) for e in self.entries]
