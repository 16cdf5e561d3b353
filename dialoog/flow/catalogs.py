"""Checking gettext catalogs against the texts they translate."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, meta

from dialoog.flow.files import LimitError, read_regular
from dialoog.flow.problems import Pos, Problem
from dialoog.sanitize import describe_control, first_control

_PERCENT = re.compile(r"%\((\w+)\)[sd]")
_BRACE = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")
_ENV = Environment(extensions=["jinja2.ext.i18n"])


@dataclass
class Source:
    """A text to translate and where it stands."""

    text: str
    pos: Pos
    plural: str | None = None
    """For an `ngettext` singular: its plural form (which is also a Source of its own)."""


@dataclass
class CatalogReport:
    problems: list[Problem] = field(default_factory=list)
    missing: int = 0


def placeholders(text: str) -> set[str]:
    """`{{ name }}` variables and `%(name)s` parameters used by a text."""
    names = set(_PERCENT.findall(text)) | set(_BRACE.findall(text))
    if "{" in text:
        try:
            names |= meta.find_undeclared_variables(_ENV.parse(text))
        except TemplateSyntaxError:
            names.add("<broken template>")
    return names


def read_catalogs(files: Iterable[Path], report: CatalogReport) -> dict[str, tuple[str, bool, Pos]]:
    """msgid -> (msgstr, fuzzy, position in the .po) over several files."""
    from babel.messages.pofile import PoFileError, read_po

    merged: dict[str, tuple[str, bool, Pos]] = {}
    for po in files:
        try:
            catalog = read_po(io.BytesIO(read_regular(po, 8 * 1024 * 1024, follow=False)), abort_invalid=True)
        except LimitError as exc:
            report.problems.append(Problem(str(po), 1, 1, "DLG030", f"cannot read catalog: {exc}"))
            continue
        except (PoFileError, OSError, UnicodeDecodeError, ValueError) as exc:
            report.problems.append(
                Problem(str(po), getattr(exc, "lineno", 1) or 1, 1, "DLG027", f"cannot read catalog: {exc}")
            )
            continue
        try:
            import gettext

            gettext.c2py(catalog.plural_expr or "0")
        except (ValueError, RecursionError, SyntaxError) as exc:
            report.problems.append(
                Problem(str(po), 1, 1, "DLG027", f"cannot use the catalog's plural forms: {exc}")
            )
            continue
        for message in catalog:
            if not message.id:
                continue
            ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)  # plural: a tuple of ids
            strings = tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)
            for i, msgid in enumerate(ids):
                msgstr = strings[min(i, len(strings) - 1)] if strings else ""
                merged[msgid] = (msgstr or "", message.fuzzy, Pos(str(po), message.lineno or 1, 1))
    return merged


def check_translations(
    lang: str, sources: list[Source], catalog: dict[str, tuple[str, bool, Pos]], report: CatalogReport
) -> None:
    seen: set[str] = set()
    for source in sources:
        if source.text in seen:
            continue
        seen.add(source.text)
        entry = catalog.get(source.text)
        short = source.text if len(source.text) <= 60 else source.text[:57] + "..."
        if entry is None or not entry[0]:
            report.missing += 1
            report.problems.append(Problem.at(source.pos, "DLG020", f"no {lang} translation for '{short}'"))
            continue
        msgstr, fuzzy, po_pos = entry
        index = first_control(msgstr)
        if index is not None:
            report.problems.append(
                Problem.at(
                    po_pos,
                    "DLG031",
                    f"{lang} translation of '{short}' holds the control character {describe_control(msgstr[index])}: "
                    "remove it (a terminal would act on it)",
                )
            )
        if fuzzy:
            report.missing += 1
            report.problems.append(
                Problem.at(
                    po_pos,
                    "DLG021",
                    f"fuzzy {lang} translation of '{short}' is not used: review it and remove the fuzzy flag",
                )
            )
        want, got = placeholders(source.text), placeholders(msgstr)
        if want != got:
            lost = ", ".join(sorted(want - got)) or "-"
            extra = ", ".join(sorted(got - want)) or "-"
            report.problems.append(
                Problem.at(
                    po_pos,
                    "DLG022",
                    f"{lang} translation of '{short}' has broken placeholders (missing: {lost}; unknown: {extra})",
                )
            )
