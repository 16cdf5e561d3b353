"""The network map as a user gets it: everyone they named is on it, on a ring by how close the bond is and
in the sector of its group, never on top of another; the risk signals are letters (per language); the
same answers give the same picture; the SVG is well-formed, accessible and holds every name (and none
when names are left out); the GraphML reads in NetworkX; the text map fits 80x24 with its legend."""

from __future__ import annotations

import io
import itertools
import math
import re
import time
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialoog.engine import Session
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow
from dialoog.i18n import UI
from dialoog.mapping import MIN_DISTANCE, blau, build_map, diversity, render_svg, render_text, to_graphml

REPO = Path(__file__).resolve().parents[2]
CATEGORIES = ["family", "friends", "business", "clubs", "party", "lobby", "online"]
"""Seven of the scan's groups, used for the test entries."""
ALL_CATEGORIES = ["family", "friends", "neighbours", "business", "colleagues", "clubs", "faith", "party", "lobby",
                  "media", "foreign", "online"]
"""Every group of the scan, in the order of the map's sectors."""
SVG = "{http://www.w3.org/2000/svg}"


@lru_cache(maxsize=1)
def scan() -> Flow:
    return load_library(REPO).flow("scan")


def session_with(entries: list[dict[str, Any]], lang: str = "nl") -> Session:
    session = Session(scan(), lang, REPO)
    session.answers["network"] = entries
    return session


def entry(name: str, category: str = "friends", closeness: int | None = 3, **answers: Any) -> dict[str, Any]:
    given_answers = dict(answers)
    if closeness is not None:
        given_answers["closeness"] = closeness
    return {"name": name, "category": category, "answers": given_answers}


def forty() -> list[dict[str, Any]]:
    """40 entries over every group and ring, some with risk signals."""
    out = []
    for i in range(40):
        answers: dict[str, Any] = {}
        if i % 3 == 0:
            answers.update(financial_ties="yes", policy_interest="yes")
        if i % 5 == 0:
            answers["integrity_concerns"] = "concerns"
        out.append(entry(f"Persoon {i + 1}", CATEGORIES[i % 7], [5, 4, 3, 2, 1, None][i % 6], **answers))
    return out


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def all_text(root: ET.Element) -> str:
    return "\n".join("".join(el.itertext()) for el in root.iter())


def assert_apart(entries: Any) -> None:
    points = [(0.0, 0.0), *((e.x, e.y) for e in entries)]
    for (ax, ay), (bx, by) in itertools.combinations(points, 2):
        assert math.hypot(ax - bx, ay - by) >= MIN_DISTANCE - 1e-9


# -- the model -----------------------------------------------------------------------------------------


def test_an_empty_map_still_draws_the_user_rings_legend_and_says_nobody_is_on_it() -> None:
    m = build_map(session_with([]))
    assert m.entries == () and m.answered
    assert [s.category for s in m.sectors] == ALL_CATEGORIES
    d = diversity(m)
    assert (d.index, d.categories, d.band) == (0.0, 0, "empty")
    assert d.words.startswith("Onvoldoende informatie: u hebt niemand op de kaart gezet")
    root = parse(render_svg(m, UI("nl")))
    assert "Er staat niemand op de kaart." in all_text(root)
    drawn = render_text(m, UI("nl"), 78, 21)
    assert "◉" in drawn.plain() and "Groepen" in drawn.plain()


def test_a_scan_without_a_network_answer_yet_says_so() -> None:
    session = Session(scan(), "en", REPO)
    m = build_map(session)
    assert not m.answered and m.entries == ()
    assert "The network question has not been answered yet." in all_text(parse(render_svg(m, UI("en"))))


def test_one_entry_is_on_its_ring_in_its_sector_and_away_from_the_user() -> None:
    m = build_map(session_with([entry("J.", "business", 5)]))
    (e,) = m.entries
    assert (e.number, e.name, e.category_label, e.ring, e.closeness) == (1, "J.", "Zakelijke contacten en "
                                                                           "oud-collega's", 1, "5")
    sector = m.sectors[e.sector]
    assert sector.category == "business" and sector.start <= e.angle <= sector.end
    assert math.hypot(e.x, e.y) == pytest.approx(m.rings[0].radius)
    assert_apart(m.entries)


def test_rings_follow_closeness_and_no_answer_is_the_dashed_outer_ring() -> None:
    m = build_map(session_with([entry(f"P{v}", "friends", v) for v in (5, 4, 3, 2, 1, None)]))
    assert [e.ring for e in m.entries] == [1, 2, 3, 4, 5, 6]
    assert [r.label for r in m.rings] == ["5 Heel hecht", "4", "3", "2", "1 Oppervlakkig", ""]
    assert [r.unknown for r in m.rings] == [False] * 5 + [True]
    radii = [math.hypot(e.x, e.y) for e in m.entries]
    assert radii == sorted(radii) and len(set(radii)) == 6  # a closer bond, an inner ring
    assert m.entries[-1].closeness_words == "niet beantwoord"
    svg = render_svg(m, UI("nl"))
    assert svg.count('stroke-dasharray="6 4"') == 1  # the ring of 'no answer'


def test_entries_of_one_sector_on_one_ring_are_spread_evenly_in_the_order_named() -> None:
    m = build_map(session_with([entry(f"V{i}", "friends", 3) for i in range(6)]))
    angles = [e.angle for e in m.entries]
    assert angles == sorted(angles)
    gaps = {round(b - a, 9) for a, b in itertools.pairwise(angles)}
    assert len(gaps) == 1
    sector = m.sectors[m.entries[0].sector]
    assert angles[0] - sector.start == pytest.approx(sector.end - angles[-1])


def test_forty_entries_are_all_on_the_map_and_never_overlap() -> None:
    m = build_map(session_with(forty()))
    assert len(m.entries) == 40 and [e.number for e in m.entries] == list(range(1, 41))
    assert_apart(m.entries)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([*CATEGORIES, "gone"]), st.sampled_from([1, 2, 3, 4, 5, None])),
                max_size=40))
def test_no_two_entries_ever_overlap_and_the_same_answers_give_the_same_map(people: list[tuple[str, Any]]) -> None:
    entries = [entry(f"N{i}", category, closeness) for i, (category, closeness) in enumerate(people)]
    first = build_map(session_with(entries))
    assert_apart(first.entries)
    for e in first.entries:
        sector = first.sectors[e.sector]
        assert sector.start <= e.angle <= sector.end
    again = build_map(session_with([dict(e) for e in entries]))
    assert again == first
    assert render_svg(again, UI("nl")) == render_svg(first, UI("nl"))
    drawn = render_text(first, UI("nl"), 78, 21)
    assert sorted(drawn.placed) == [e.number for e in first.entries]  # every entry is drawn ...
    cells = [(row, col) for row, start, length in drawn.placed.values() for col in range(start, start + length + 1)]
    assert len(cells) == len(set(cells))  # ... and no two labels touch on the grid (a blank cell after each)


def test_an_entry_whose_group_the_content_no_longer_has_is_in_a_sector_of_its_own() -> None:
    m = build_map(session_with([entry("X.", "gone", 2), entry("Y.", "friends", 2)]))
    assert m.sectors[-1].category == "" and m.sectors[-1].label == "Overig"
    assert m.entries[0].sector == len(m.sectors) - 1 and m.entries[0].category_label == "Overig"


def test_risk_signals_are_letters_per_domain_in_each_language() -> None:
    people = [entry("Aannemer Z.", "business", 4, financial_ties="yes", policy_interest="yes",
                    integrity_concerns="doubts", comfortable_public="no"),
              entry("Buurman", "friends", 2, financial_ties="no", policy_interest="no")]
    nl = build_map(session_with(people, "nl"))
    z, buurman = nl.entries
    assert z.domains == ("belangenverstrengeling", "ondermijning", "afhankelijkheid", "openbaarheid")
    assert (z.marks, z.label) == ("BOAI", "1BOAI")
    assert (buurman.marks, buurman.domains, buurman.label) == ("", (), "2")
    assert [(k.letter, k.title) for k in nl.marks][:2] == [("B", "Kans op belangenverstrengeling"),
                                                         ("O", "Kwetsbaarheid voor ondermijning")]
    en = build_map(session_with(people, "en"))
    assert en.entries[0].marks == "CSDP"
    assert ("C", "Risk of a conflict of interest") in [(k.letter, k.title) for k in en.marks]
    svg = parse(render_svg(en, UI("en")))
    assert "CSDP" in all_text(svg) and "risk signals: C S D P" in all_text(svg)
    assert len(svg.findall(f".//{SVG}polygon")) == 1  # a diamond for the entry with signals (shape, not colour only)


# -- the diversity figure ------------------------------------------------------------------------------


def test_blaus_index_and_its_meaning_in_words() -> None:
    assert blau([]) == 0.0 and blau(["a"] * 5) == 0.0
    assert blau(["a", "a", "b", "b"]) == pytest.approx(0.5)
    assert blau(["a", "b", "c", "d"]) == pytest.approx(0.75)
    narrow = diversity(build_map(session_with([entry("A"), entry("B"), entry("C", "family")])))
    assert narrow.band == "narrow" and narrow.categories == 2 and narrow.index == pytest.approx(4 / 9)
    assert narrow.words.startswith("De mensen op uw kaart komen vooral uit één of twee groepen")
    mixed = diversity(build_map(session_with([entry("A"), entry("B", "family"), entry("C", "business"),
                                              entry("D")], "en")))
    assert mixed.band == "mixed" and mixed.words.startswith("The people on your map come from a few")
    varied = diversity(build_map(session_with(forty())))
    assert varied.band == "varied" and varied.categories == 7 and varied.available == 12
    assert varied.normalised == pytest.approx(varied.index / (1 - 1 / 12))
    assert varied.as_json()["band"] == "varied"


# -- SVG -------------------------------------------------------------------------------------------------

NASTY = ["<script>alert(1)</script>", "Tom & \"Jerry\" 'B.'", "]]> <!-- x -->", "Zoë \u202eevil", "a\x07b\x1b[31mc",
         "\ufffe\uffffniet-xml", "{{ name }} [b]vet[/b]"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_svg_is_well_formed_accessible_and_holds_every_name(lang: str) -> None:
    people = forty()[:33] + [entry(name, CATEGORIES[i % 7], 3) for i, name in enumerate(NASTY)]
    m = build_map(session_with(people, lang))
    svg = render_svg(m, UI(lang))
    root = parse(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == {"nl": "Netwerkkaart", "en": "Network map"}[lang]
    assert root.find(f"{SVG}desc") is not None
    _x, _y, width, height = (float(v) for v in root.get("viewBox", "").split())
    assert height <= width * math.sqrt(2) + 0.5  # never taller than A4 in proportion
    text = all_text(root)
    for e in m.entries:
        assert e.name in text
    assert "<script>" not in svg and "alert(1)</script>" not in svg.replace("&lt;", "<").split("<g")[0]
    assert "\x1b" not in svg and "\ufffe" not in svg
    assert "href" not in svg  # standalone: nothing fetched from elsewhere
    assert len(root.findall(f".//{SVG}g[@class='entry']")) == 40


def test_without_names_the_svg_draws_numbers_only() -> None:
    people = [entry(f"Geheime Naam {i}", CATEGORIES[i % 7], 3) for i in range(12)]
    people[0]["answers"]["who"] = "vrije tekst"
    m = build_map(session_with(people))
    svg = render_svg(m, UI("nl"), names=False)
    parse(svg)
    assert "Geheime" not in svg and "Naam" not in svg
    for number in range(1, 13):
        assert re.search(rf">{number}\.?<|>{number}\. ", svg)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=8))
def test_any_name_gives_a_well_formed_svg_that_shows_it(names: list[str]) -> None:
    from dialoog.mapping.model import NOT_XML
    from dialoog.sanitize import clean_text

    m = build_map(session_with([entry(name, "friends", 2) for name in names]))
    text = all_text(parse(render_svg(m, UI("nl"))))
    for e in m.entries:
        assert e.name == NOT_XML.sub("", clean_text(names[e.number - 1], 200))
        assert e.name in text


# -- GraphML ---------------------------------------------------------------------------------------------


def test_the_graphml_reads_in_networkx_with_the_users_network_and_its_attributes() -> None:
    m = build_map(session_with(forty()))
    graph = nx.read_graphml(io.BytesIO(to_graphml(m).encode("utf-8")))
    assert graph.number_of_nodes() == 41 and graph.number_of_edges() == 40
    assert graph.nodes["ego"]["kind"] == "ego"
    assert {source for source, _ in graph.edges()} == {"ego"}
    first = graph.nodes["e1"]
    assert first["label"] == "Persoon 1" and first["category"] == "family" and first["ring"] == 1
    assert first["closeness"] == "5" and first["signals"] == "belangenverstrengeling,ondermijning,afhankelijkheid"
    assert first["marks"] == "BOA" and first["answer_financial_ties"] == "yes"
    assert graph.nodes["e6"]["ring"] == 6 and "closeness" not in graph.nodes["e6"]
    assert graph.edges["ego", "e1"]["weight"] == 6.0


def test_the_graphml_without_names_has_no_name_and_no_typed_text() -> None:
    people = [entry(f"Geheime Naam {i}", CATEGORIES[i % 7], 3) for i in range(5)]
    m = build_map(session_with(people))
    text = to_graphml(m, names=False)
    assert "Geheime" not in text
    graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert graph.number_of_nodes() == 6 and "label" not in graph.nodes["e1"]
    assert graph.nodes["e1"]["category_label"] == "Partner en familie"


def test_a_typed_answer_to_a_follow_up_is_left_out_without_names() -> None:
    from dialoog.mapping.graphml import to_graphml as graphml
    from dialoog.mapping.model import Answer

    m = build_map(session_with([entry("A.", "friends", 3)]))
    typed = Answer("note", "mijn geheim", "mijn geheim", free_text=True)
    e = m.entries[0]
    with_text = type(m)(**{**{f: getattr(m, f) for f in m.__dataclass_fields__},
                           "entries": (type(e)(**{**{f: getattr(e, f) for f in e.__dataclass_fields__},
                                                  "answers": (*e.answers, typed)}),)})
    assert "mijn geheim" in graphml(with_text)
    assert "mijn geheim" not in graphml(with_text, names=False)


# -- the text map --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("size", [(78, 21), (98, 27)])
def test_the_text_map_of_forty_entries_fits_and_shows_the_whole_legend(lang: str, size: tuple[int, int]) -> None:
    m = build_map(session_with(forty(), lang))
    width, height = size
    drawn = render_text(m, UI(lang), width, height)
    lines = drawn.plain().split("\n")
    assert len(lines) == height and all(len(line) == width for line in lines)
    assert sorted(drawn.placed) == list(range(1, 41))
    for number, (row, col, length) in drawn.placed.items():
        assert lines[row][col:col + length] == m.entry(number).label
    text = drawn.plain()
    assert {"nl": "Groepen", "en": "Groups"}[lang] in text
    for mark in m.marks:
        assert f"{mark.letter} {mark.title[:10]}" in text
    assert {"nl": "geen antwoord", "en": "no answer"}[lang] in text
    assert {"nl": "Spreiding 0,86", "en": "Spread 0.86"}[lang] in text


def test_names_are_never_on_the_text_grid() -> None:
    m = build_map(session_with([entry("Geheim", "friends", 2)]))
    assert "Geheim" not in render_text(m, UI("nl"), 78, 21).plain()


# -- speed -----------------------------------------------------------------------------------------------


def test_a_forty_entry_map_is_built_and_drawn_well_under_50_ms() -> None:
    session = session_with(forty())
    ui = UI("nl")
    build_map(session)  # warm: the content's translations are loaded once per process
    best = math.inf
    for _ in range(5):
        start = time.perf_counter()
        m = build_map(session)
        render_svg(m, ui)
        to_graphml(m)
        render_text(m, ui, 78, 21)
        best = min(best, time.perf_counter() - start)
    assert best < 0.05, f"{best * 1000:.1f} ms"


def test_the_map_package_loads_no_terminal_toolkit() -> None:
    import json
    import subprocess
    import sys

    code = "import json, sys, dialoog.mapping\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "dialoog" in loaded and not loaded & {"textual", "rich"}
