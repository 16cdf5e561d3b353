"""What the summary shows of a commitment: the user's words as plain text, whatever they typed or pasted
(markup, Markdown, control characters), with its date."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from dialoog.engine.agenda import MAX_TEXT, AgendaError, commitment
from dialoog.i18n import UI
from dialoog.tui.screens.agenda import agenda_message
from dialoog.tui.screens.summary import commitment_line
from dialoog.tui.text import safe


@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=1, max_size=MAX_TEXT), lang=st.sampled_from(["nl", "en"]))
def test_own_words_are_shown_as_typed_never_as_markup(text: str, lang: str) -> None:
    try:
        item = commitment(text, due="2027-03-01")
    except AgendaError as exc:
        assert exc.kind == "empty" and not text.split()
        return
    shown = commitment_line(UI(lang), 2, item)
    by = {"nl": "vóór", "en": "by"}[lang]
    assert shown.plain == f"2. {safe(item.text)} ({by} 2027-03-01)"
    assert not shown.spans, "no style is read from the words"


def test_every_agenda_error_has_a_message_in_both_languages() -> None:
    for kind in ("too_many", "empty", "too_long", "date", "duplicate"):
        nl = agenda_message(UI("nl"), AgendaError(kind, "x"), "Bel de griffier")
        en = agenda_message(UI("en"), AgendaError(kind, "x"), "Call the clerk")
        assert nl and en and nl != en, kind
    assert "JJJJ-MM-DD" in agenda_message(UI("nl"), AgendaError("date", "x"), "a")
    assert "YYYY-MM-DD" in agenda_message(UI("en"), AgendaError("date", "x"), "a")
    assert str(MAX_TEXT) in agenda_message(UI("en"), AgendaError("too_long", "x"))
    assert dt.date.fromisoformat("2027-03-01")
