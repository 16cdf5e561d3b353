"""The program's words are split over several catalogs (ui.po, ui-report.po, ui-map.po, ...). gettext merges
them, and when two define the same English text differently, which translation wins depends on the order the
files are read: one text, one translation."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parents[1] / "locales"


def test_a_text_of_the_program_has_one_translation_over_all_its_catalogs() -> None:
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for path in sorted((LOCALES / "nl" / "LC_MESSAGES").glob("ui*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if isinstance(message.id, str) and message.id and message.string:
                    found[message.id].add((str(message.string), path.name))
    differ = {text: sorted(ways) for text, ways in found.items() if len({t for t, _ in ways}) > 1}
    assert not differ, differ
