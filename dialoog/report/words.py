"""The report's own words (English source, translated in locales/nl/LC_MESSAGES/ui-report.po), shared by the
HTML and the Markdown report so both say the same."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from dialoog.i18n import UI


@lru_cache(maxsize=4)
def _labels(lang: str) -> dict[str, str]:
    ui = UI(lang)
    return {
        "About": ui._("About"),
        "Based on your answers": ui._("Based on your answers"),
        "What can go wrong": ui._("What can go wrong"),
        "What you can do": ui._("What you can do"),
        "Who you can turn to": ui._("Who you can turn to"),
        "Why this matters": ui._("Why this matters"),
        "Source": ui._("Source"),
        "Date": ui._("Date"),
        "Conversation": ui._("Conversation"),
        "Content version": ui._("Content version"),
        "Program": ui._("Program"),
        "Diversity of your network": ui._("Diversity of your network"),
        "Changed signals": ui._("Changed signals"),
        "Your previous commitments": ui._("Your previous commitments"),
        "Could not be compared, because the questions changed":
            ui._("Could not be compared, because the questions changed"),
        "New advice": ui._("New advice"),
        "Advice you no longer get": ui._("Advice you no longer get"),
        "New in your network": ui._("New in your network"),
        "No longer in your network": ui._("No longer in your network"),
        "The map itself is in the HTML version of this report.":
            ui._("The map itself is in the HTML version of this report."),
        "You did not choose any commitments.": ui._("You did not choose any commitments."),
    }


@dataclass(frozen=True, slots=True)
class Words:
    ui: UI

    @classmethod
    def of(cls, lang: str) -> Words:
        return cls(UI(lang))

    def _(self, message: str, **kwargs: object) -> str:
        return self.ui._(message, **kwargs)

    def label(self, key: str) -> str:
        """A fixed label by its English words."""
        return _labels(self.ui.lang)[key]

    def due(self, day: dt.date) -> str:
        return self._("by {date}", date=self.date(day))

    def from_advice(self, title: str) -> str:
        return self._("from: {advice}", advice=title)

    @property
    def confidential(self) -> str:
        return self._("Confidential")

    @property
    def confidential_note(self) -> str:
        return self._("Only for you. This report holds your answers and the advice they led to. "
                      "Share it only if you choose to, and keep it somewhere safe.")

    @property
    def unfinished(self) -> str:
        return self._("This scan is not finished: the report shows the answers given so far.")

    @property
    def no_advice(self) -> str:
        return self._("Your answers do not call for specific advice. Keep talking about your network now and "
                      "then, for instance with a confidential adviser.")

    def withheld(self, count: int) -> str:
        return self.ui.ngettext("{n} commitment in your own words is left out.",
                                "{n} commitments in your own words are left out.", count)

    @property
    def shared_note(self) -> str:
        return self._("Shared by choice. Its owner chose what this version shows, and left the rest out. "
                      "Keep it confidential.")

    def note(self, full: bool) -> str:
        """The line under 'Confidential': for the owner (the full report), or for whom a version is shared with."""
        return self.confidential_note if full else self.shared_note

    def title(self, flow_title: str) -> str:
        return self._("Your result: {flow}", flow=flow_title)

    def date(self, day: dt.date) -> str:
        from babel.dates import format_date

        try:
            return format_date(day, format="long", locale=self.ui.lang)
        except Exception:  # noqa: BLE001 - an unknown locale: the ISO date
            return day.isoformat()

    def page_line(self) -> tuple[str, str, str]:
        """The footer of a printed page around its numbers: (before the page, between, after the count)."""
        line = self._("Confidential · page {page} of {pages}", page="\0", pages="\0")
        first, _, rest = line.partition("\0")
        middle, _, last = rest.partition("\0")
        return first, middle, last

    def heading(self, part: str, count: int = 0) -> str:
        if part == "top_actions":
            return {1: self._("Your main action"), 2: self._("Your two main actions")}.get(
                count, self._("Your three main actions"))
        return {
            "agenda": self._("Your integrity agenda"),
            "starters": self._("Conversation starters"),
            "levels": self._("Per theme"),
            "advice": self._("More, by theme"),
            "network_map": self._("Your network"),
            "compare": self._("Compared with your previous scan"),
        }[part]

    def direction(self, direction: str) -> str:
        return {
            "up": self._("needs more attention"),
            "down": self._("needs less attention"),
            "same": self._("unchanged"),
            "new": self._("new"),
            "unknown": self._("cannot be compared"),
        }.get(direction, direction)

    def status(self, status: str) -> str:
        return {
            "done": self._("done"),
            "open": self._("still open"),
            "dropped": self._("dropped"),
            "unreviewed": self._("not looked at yet"),
        }.get(status, status)

    def entry(self, number: int) -> str:
        return self._("person {number} on the map", number=number)


__all__ = ["Words"]
