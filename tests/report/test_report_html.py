"""The HTML report: one self-contained file (no scripts, nothing fetched from elsewhere, a strict CSP),
confidential in its title and on every printed page, in the session's language, every user text escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialoog.report import Scope, render_html, render_markdown
from dialoog.report.html import CSP
from dialoog.report.model import Action, Report

from .helpers import (
    DAY,
    HOSTILE_NAME,
    HOSTILE_OWN,
    PROFILES,
    hostile_session,
    profile_session,
    report_of,
)
from .htmlcheck import check_html


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", PROFILES)
def test_the_html_report_parses_and_fetches_nothing(name: str, lang: str) -> None:
    html = render_html(report_of(profile_session(name, lang)))
    parsed = check_html(html)
    assert parsed.problems == []
    assert "<script" not in html.lower()
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert re.search(r"<html lang=\"" + lang + "\">", html)
    assert not [t for t, a in parsed.tags if t in ("link", "img", "iframe", "object", "embed", "script")]


@pytest.mark.parametrize(("lang", "confidential", "page"), [
    ("nl", "Vertrouwelijk", "pagina"),
    ("en", "Confidential", "page"),
])
def test_the_html_report_is_marked_confidential_in_its_title_and_on_every_printed_page(
        lang: str, confidential: str, page: str) -> None:
    html = render_html(report_of(profile_session(PROFILES[0], lang)))
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and title.group(1).startswith(confidential)
    assert "@page { size: A4;" in html
    top = re.search(r"@top-center \{ content: \"([^\"]*)\"", html)
    assert top and top.group(1).startswith(confidential.upper())
    bottom = re.search(r"@bottom-center \{ content: \"([^\"]*)\" counter\(page\)", html)
    assert bottom and bottom.group(1) == f"{confidential} · {page} "
    assert "break-inside: avoid" in html and "break-before: page" in html


def test_the_html_report_is_in_the_sessions_language_all_words_translated() -> None:
    dutch = render_html(report_of(profile_session(PROFILES[0], "nl")))
    english = render_html(report_of(profile_session(PROFILES[0], "en")))
    for word in ("Your main actions", "Your integrity agenda", "Per theme", "Based on your answers", "Date",
                 "Conversation starters", "Content version", "Why this matters"):
        assert word not in dutch
    for word in ("Uw drie belangrijkste acties", "Uw integriteitsagenda", "Op grond van uw antwoorden", "Datum",
                 "Om het gesprek te beginnen"):
        assert word in dutch
    for word in ("Your three main actions", "Your integrity agenda", "Based on your answers", "Date",
                 "Conversation starters", "December 1, 2026"):
        assert word in english
    assert "1 december 2026" in dutch


def test_the_html_report_says_date_flow_and_content_version() -> None:
    session = profile_session(PROFILES[0], "nl")
    from dialoog.report import build_report

    html = render_html(build_report(session, today=DAY))
    assert session.flow.content_hash[:12] in html
    assert "(scan)" in html and "1 december 2026" in html


def test_every_user_text_is_escaped_in_html() -> None:
    html = render_html(report_of(hostile_session("nl")))
    parsed = check_html(html)
    assert parsed.problems == []
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<style>body" not in lowered
    assert "]]>" not in html  # as typed, it could end a CDATA section in an SVG or XML reader
    text = "".join(parsed.text)
    assert HOSTILE_NAME in text  # shown literally, as typed
    assert HOSTILE_OWN in text
    assert "https://evil.example" not in "".join(str(a) for _, a in parsed.tags)


def test_every_user_text_is_escaped_in_markdown() -> None:
    md = render_markdown(report_of(hostile_session("nl")))
    assert "<script>" not in md and '<img src="https' not in md
    assert "[klik](https://evil.example/x)" not in md
    assert "\\<script\\>" in md  # escaped, so it reads literally
    assert "\\#1" in md


def test_the_shared_scope_leaves_names_free_text_because_map_and_comparison_out_of_the_model() -> None:
    session = hostile_session("nl")
    report = report_of(session, Scope.shared())
    assert report.advice is None and report.starters is None and report.network_map is None
    assert report.comparison is None and report.domains is not None and report.top_actions is not None
    assert all(a.because == () and a.about == () for a in report.top_actions)
    assert report.agenda is not None and report.agenda.withheld == 1
    assert all(not item.own_words for item in report.agenda.items)
    for text in (render_html(report), render_markdown(report)):
        for canary in ("Zwager", "evil.example", "Financiën", "Bellen met", "klik", "Zwager P."):
            assert canary not in text


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_name_shows_as_typed_in_html_and_never_as_markup(name: str) -> None:
    action = Action("a", "d", "Thema", "Titel", "", "", (), (), None, about=(name,))
    report = Report("nl", "scan", "Scan", "v", "0", DAY, True, Scope(), top_actions=(action,))
    html = render_html(report)
    parsed = check_html(html)
    assert parsed.problems == []
    assert [t for t, _ in parsed.tags].count("span") == 2  # the label and the name, nothing typed became a tag
    cleaned = " ".join(name.split())
    assert cleaned.strip() == "" or " ".join(name.replace("\r", "\n").split()) in " ".join("".join(parsed.text).split())


def test_the_map_is_a_well_formed_svg_inside_the_html() -> None:
    report = report_of(profile_session(PROFILES[0], "nl"))
    if report.network_map is None:
        pytest.skip("the network map (dialoog.mapping) is not part of this version")
    html = render_html(report)
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None
    ET.fromstring(svg.group(0))
    assert "break-inside: avoid" in html


def test_a_map_without_names_draws_entries_by_number_only() -> None:
    session = hostile_session("nl")
    report = report_of(session, Scope(network_names=False))
    assert report.network_map is not None and report.network_map.legend == ()
    for text in (render_html(report), render_markdown(report)):
        assert "Zwager" not in text and "Projectontwikkelaar" not in text
    assert check_html(render_html(report)).problems == []


def test_the_comparison_with_the_previous_scan_is_in_the_report() -> None:
    from test_advice_profiles import load_profile, play

    before = profile_session(PROFILES[0], "nl")
    answers = load_profile(PROFILES[0])["answers"]
    answers["network"] = answers["network"][1:]  # the brother-in-law is gone from the map
    after = play(answers, "nl")
    after.set_previous("prev1")
    first = before.agenda[0]
    after.review_commitment("prev1", first.id, "done")
    report = report_of(after, previous=before)
    assert report.comparison is not None
    assert "Zwager P." in report.comparison.network_gone
    assert ("done" in [r.status for r in report.comparison.agenda])
    html = render_html(report)
    assert "Vergeleken met uw vorige scan" in html and "Niet meer in uw netwerk" in html and "gedaan" in html
    assert check_html(html).problems == []
    assert report_of(after, Scope(compare=False), previous=before).comparison is None


def test_a_shared_version_does_not_say_only_for_you() -> None:
    session = profile_session(PROFILES[0], "en")
    shared = render_html(report_of(session, Scope.shared()))
    full = render_html(report_of(session))
    assert "Only for you" in full and "Only for you" not in shared
    assert "Shared by choice" in shared and "Confidential" in shared
