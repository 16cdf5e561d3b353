"""The card themes (`flows/themes.yaml`) and the glossary of fixed English terms (`flows/glossary.yaml`).

Both are content: an author adds a theme or a term there, never in Python. The glossary is checked
against the English content catalogs (DLG054): where a Dutch source text uses a term, its English
translation uses that term's one fixed English name, so one organisation never gets three names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dialoog.flow.problems import Pos, Problem
from dialoog.flow.reader import Reader

_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    title: str
    """Dutch; translated through the content catalogs."""
    pos: Pos


@dataclass(frozen=True, slots=True)
class Term:
    nl: str
    """The Dutch term as it stands in a text (matched case-insensitively at the start of a word, so an
    inflected form such as a plural counts too)."""
    en: str
    """The one English term a translation uses."""
    also: tuple[str, ...] = ()
    """Other English forms that count as that term (a plural, an abbreviation in a title)."""
    unless: tuple[str, ...] = ()
    """Longer Dutch words that start with the term but are not it (they are not checked)."""
    explain: str = ""
    """What the term means, in plain Dutch (B1), for the first place it is used."""
    source: str = ""
    pos: Pos = field(default_factory=lambda: Pos(""))

    def pattern(self) -> re.Pattern[str]:
        return re.compile(r"(?<![\w-])" + re.escape(self.nl), re.IGNORECASE)

    def used_in(self, text: str) -> bool:
        """Does the Dutch `text` use this term (and not only a longer word in `unless`)? Template code
        (`{% ... %}`, `{{ ... }}`) does not count: an id such as `'gemeentesecretaris'` is no text."""
        text = _CODE.sub(" ", text)
        for found in self.pattern().finditer(text):
            rest = text[found.start():]
            if not any(rest.lower().startswith(word.lower()) for word in self.unless):
                return True
        return False

    def kept_in(self, text: str) -> bool:
        """Does the English `text` use the fixed term (or one of its other forms)?"""
        low = text.lower()
        return any(form.lower() in low for form in (self.en, *self.also))


def read_themes(r: Reader, data: Any, pos: Pos) -> dict[str, Theme]:
    top = r.mapping(data, pos, "the themes file")
    if top is None:
        return {}
    r.keys(top, {"themes"}, "the themes file")
    items = r.items(top.get("themes"), top.at("themes"), "'themes'")
    themes: dict[str, Theme] = {}
    for i, item in enumerate(items):
        m = r.mapping(item, items.at(i), "a theme")
        if m is None:
            continue
        r.keys(m, {"id", "title"}, "a theme")
        theme_id = r.ident(m, "id", "a theme")
        if theme_id is None:
            continue
        if theme_id in themes:
            first = themes[theme_id].pos
            r.error(m.pos, "DLG008", f"theme '{theme_id}' is defined twice (first at {first.path}:{first.line})")
            continue
        title = r.get(m, "title", str, f"theme '{theme_id}'", required=True, default=theme_id)
        themes[theme_id] = Theme(theme_id, title, m.pos)
    return themes


def read_glossary(r: Reader, data: Any, pos: Pos) -> list[Term]:
    top = r.mapping(data, pos, "the glossary")
    if top is None:
        return []
    r.keys(top, {"terms"}, "the glossary")
    items = r.items(top.get("terms"), top.at("terms"), "'terms'")
    terms: list[Term] = []
    for i, item in enumerate(items):
        m = r.mapping(item, items.at(i), "a glossary term")
        if m is None:
            continue
        r.keys(m, {"nl", "en", "also", "unless", "explain", "source"}, "a glossary term")
        nl = r.get(m, "nl", str, "a glossary term", required=True, default="")
        en = r.get(m, "en", str, f"glossary term '{nl}'", required=True, default="")
        if not nl or not en:
            continue
        terms.append(Term(
            nl=nl,
            en=en,
            also=tuple(r.strings(m, "also", f"glossary term '{nl}'")),
            unless=tuple(r.strings(m, "unless", f"glossary term '{nl}'")),
            explain=r.get(m, "explain", str, f"glossary term '{nl}'", default="") or "",
            source=r.get(m, "source", str, f"glossary term '{nl}'", default="") or "",
            pos=m.pos,
        ))
    return terms


def glossary_problems(terms: list[Term], catalog: dict[str, tuple[str, bool, Pos]]) -> list[Problem]:
    """DLG054 at each English translation that does not use a glossary term's fixed English name."""
    problems: list[Problem] = []
    for msgid, (msgstr, _fuzzy, where) in catalog.items():
        if not msgstr:
            continue  # a missing translation is DLG020
        for term in terms:
            if term.used_in(msgid) and not term.kept_in(msgstr):
                short = msgid if len(msgid) <= 50 else msgid[:47] + "..."
                problems.append(Problem.at(
                    where, "DLG054",
                    f"'{short}' uses '{term.nl}': its English translation must say '{term.en}' "
                    f"(flows/glossary.yaml:{term.pos.line})",
                ))
    return problems
