"""The network list: add, edit and remove people or organisations, each in a group.

Type a name (initials or a pseudonym are enough) and press Enter; choose its
group with a number or the arrows and Enter. In the list, Enter or E edits an
entry and Delete or X removes it. Enter on an empty name field means 'done'.
The follow-up questions per entry come afterwards as ordinary questions.
"""

from __future__ import annotations

from typing import Any, ClassVar

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
            self.parent.remove(self.highlighted)


class NetworkAnswer(AnswerWidget):
    DEFAULT_CSS = """
    NetworkAnswer { padding: 0 1; }
    NetworkAnswer > #suggest { color: $text-muted; }
    NetworkAnswer > NameField { width: 1fr; }
    NetworkAnswer > #group-label { margin-top: 1; color: $text-muted; }
    NetworkAnswer > #entries-label { margin-top: 1; color: $text-muted; }
    NetworkAnswer > GoButton { margin-top: 1; }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entries: list[dict[str, str]] = []
        if isinstance(self.initial, list):
            for item in self.initial:
                if isinstance(item, dict) and isinstance(item.get("name"), str):
                    self.entries.append({"name": item["name"], "category": str(item.get("category") or "")})
        self.labels = {c.value: c.label for c in self.turn.categories}
        self.pending: str | None = None

    def compose(self) -> Any:
        ui = self.ui
        suggest = self.turn.suggest or ui._("Initials or a pseudonym are enough: you do not need to write full names.")
        yield Static(plain(suggest), id="suggest", markup=False)
        yield NameField(placeholder=ui._("Name, initials or pseudonym"), max_length=MAX_NAME_LENGTH, ui=ui,
                        compact=True, id="name", select_on_focus=False)
        if len(self.turn.categories) > 1:
            yield Static(plain(ui._("Group")), id="group-label", markup=False)
            yield NumberedOptions([c.value for c in self.turn.categories],
                                  [numbered(i, c.label) for i, c in enumerate(self.turn.categories, 1)],
                                  id="groups")
        yield Static(id="entries-label", markup=False)
        yield EntryList(id="entries")
        yield GoButton(Content(ui._("Done")), id="done")

    def on_mount(self) -> None:
        self._show_entries()

    def hint(self) -> str:
        return self.ui._("Type a name and press Enter · Enter on an empty field when you are done")

    def focus_target(self) -> Widget:
        return self.query_one(NameField)

    def focus_entries(self) -> None:
        if self.entries:
            entries = self.query_one(EntryList)
            entries.focus()
            entries.highlighted = 0

    def _show_entries(self, highlight: int | None = None) -> None:
        entries = self.query_one(EntryList)
        entries.clear_options()
        entries.add_options(
            Option(Content.assemble(numbered(i, e["name"]), " · ", plain(self.labels.get(e["category"], ""))))
            for i, e in enumerate(self.entries, 1)
        )
        if self.entries:
            entries.highlighted = min(highlight or 0, len(self.entries) - 1)
        ui = self.ui
        label = (ui.ngettext("{n} named · Enter or E edits, Delete or X removes",
                             "{n} named · Enter or E edits, Delete or X removes", len(self.entries))
                 if self.entries else ui._("Nobody named yet"))
        self.query_one("#entries-label", Static).update(plain(label))
        self.query_one("#done", GoButton).label = Content(ui._("Done ({n} named)", n=len(self.entries)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = safe(event.value, MAX_NAME_LENGTH)
        if not name:
            self.submit()
            return
        if any(e["name"].casefold() == name.casefold() for e in self.entries):
            self.post_message(Notice(self.ui._("'{name}' is in the list twice.", name=name), error=True))
            return
        if len(self.turn.categories) <= 1:
            category = self.turn.categories[0].value if self.turn.categories else ""
            self.add(name, category)
            return
        self.pending = name
        groups = self.query_one("#groups", NumberedOptions)
        self.query_one("#group-label", Static).update(plain(self.ui._("Which group is '{name}' in?", name=name)))
        groups.focus()

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
        self.entries.append({"name": name, "category": category})
        self.pending = None
        field = self.query_one(NameField)
        field.value = ""
        if len(self.turn.categories) > 1:
            self.query_one("#group-label", Static).update(plain(self.ui._("Group")))
        self._show_entries(len(self.entries) - 1)
        field.focus()

    def edit(self, index: int) -> None:
        if not 0 <= index < len(self.entries):
            return
        entry = self.entries.pop(index)
        field = self.query_one(NameField)
        field.value = entry["name"]
        if len(self.turn.categories) > 1 and entry["category"] in self.labels:
            groups = self.query_one("#groups", NumberedOptions)
            groups.highlighted = groups.values.index(entry["category"])
        self._show_entries(index)
        field.focus()
        field.cursor_position = len(field.value)

    def remove(self, index: int) -> None:
        if 0 <= index < len(self.entries):
            self.entries.pop(index)
            self._show_entries(index)
            if not self.entries:
                self.query_one(NameField).focus()

    def on_go_button_pressed(self, event: GoButton.Pressed) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        self.post_message(Answered([dict(e) for e in self.entries]))

    def draft(self) -> Any:
        return [dict(e) for e in self.entries]
