"""The public sources the content names (flows/sources.yaml): every `source:` starts with one of them (DLG065),
and docs/sources.md says of each what rests on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialoog.check import run_check
from dialoog.flow.library import load_library
from dialoog.locations import program_root

SOURCES = "sources:\n  - title: Bron A\n  - title: Gemeentewet\n  - title: Wet regels vervolgfuncties bewindspersonen\n"


def test_every_source_the_real_content_names_is_in_the_list_of_sources() -> None:
    found = [str(p) for p in run_check(program_root()).problems if p.code == "DLG065"]
    assert found == []


def test_docs_sources_describes_every_listed_source() -> None:
    text = (program_root() / "docs" / "sources.md").read_text(encoding="utf-8")
    missing = [s.title for s in load_library(program_root()).sources if s.title not in text]
    assert missing == []


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("Gemeentewet", []),
        ("Gemeentewet, art. 170 lid 2", []),  # an addition after the title
        ("Gemeentewet; Wet regels vervolgfuncties bewindspersonen (Kamerstuk 36 549; aangenomen in 2025)", []),
        ("Gemeentewet; De krant van gisteren", ["De krant van gisteren"]),
        ("Gemeentwet", ["Gemeentwet"]),
    ],
)
def test_a_source_not_in_the_list_is_a_warning_at_its_line(valid_root: Path, source: str,
                                                         flagged: list[str]) -> None:
    (valid_root / "flows" / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    cards = valid_root / "flows" / "cards" / "kaarten.yaml"
    text = cards.read_text(encoding="utf-8").replace("sources: [Gedragscode Integriteit Rijk]",
                                                     f"sources: ['{source}']")
    cards.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"    sources: ['{source}']") + 1
    found = [p for p in run_check(valid_root).problems if p.code == "DLG065"]
    assert [p.message.split("'")[1] for p in found] == flagged
    assert all(p.line == line and p.warning for p in found)
    if flagged:
        assert "did you mean 'Gemeentewet'" in found[-1].message or flagged == ["De krant van gisteren"]
