"""The card themes (`flows/themes.yaml`), the glossary of fixed English terms (`flows/glossary.yaml`) and the
public sources the content rests on (`flows/sources.yaml`).

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


@dataclass(frozen=True, slots=True)
class Source:
    """A public source the content names; a `source:` text starts with its title."""

    title: str
    published: str = ""
    url: str = ""
    note: str = ""
    pos: Pos = field(default_factory=lambda: Pos(""))


def read_sources(r: Reader, data: Any, pos: Pos) -> list[Source]:
    top = r.mapping(data, pos, "the sources file")
    if top is None:
        return []
    r.keys(top, {"sources"}, "the sources file")
    items = r.items(top.get("sources"), top.at("sources"), "'sources'")
    sources: list[Source] = []
    for i, item in enumerate(items):
        m = r.mapping(item, items.at(i), "a source")
        if m is None:
            continue
        r.keys(m, {"title", "published", "url", "note"}, "a source")
        title = r.get(m, "title", str, "a source", required=True, default="")
        if title:
            sources.append(Source(title, str(m.get("published") or ""), str(m.get("url") or ""),
                                  str(m.get("note") or ""), m.pos))
    return sources


def _parts(text: str) -> list[str]:
    """A `source:` text split at its semicolons, except those inside brackets ("Wet ... (Kamerstuk 36 549;
    aangenomen ...)" is one source)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth <= 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def unknown_sources(sources: list[Source], texts: list[tuple[str, Pos]]) -> list[Problem]:
    """DLG065 (a warning) for each part of a `source:` text (parts are separated by ';') that does not start
    with the title of a source in flows/sources.yaml."""
    titles = sorted((s.title for s in sources), key=len, reverse=True)
    problems: list[Problem] = []
    for text, pos in texts:
        for part in (p.strip() for p in _parts(text)):
            if not part or any(part.lower().startswith(t.lower()) for t in titles):
                continue
            from dialoog.flow.problems import did_you_mean

            problems.append(Problem.at(pos, "DLG065", f"source '{part}' is not in flows/sources.yaml"
                                       f"{did_you_mean(part, titles)}. Add it there, or name it as it is listed"))
    return problems
