"""`dialoog review`: the whole flow as one plain-language document, checked against the loaded content.

What a reviewer gets: every question, option, follow-up, advice item and card of `scan` is in the document,
in Dutch and in English; every node, advice item, card and domain has one stable anchor; the HTML is
self-contained and well formed; side by side shows both languages; the file is written 0600 to the given
path only, never over an existing file without --force.
"""

from __future__ import annotations

import os
import re
import stat
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from dialoog.cli import main
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow
from dialoog.i18n import content_translations
from dialoog.locations import content_root
from dialoog.review.cli import review_text
from dialoog.review.model import Builder

VOID = {"meta", "br", "hr", "img", "link", "input", "wbr"}
SPACES = re.compile(r"\s+")


class Page(HTMLParser):
    """The text of an HTML page, its ids and links, and whether its tags nest properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.meta: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += attrs
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
        if tag == "meta":
            self.meta.append(values)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def words(self) -> str:
        return SPACES.sub(" ", " ".join(self.text))


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def flat(text: str) -> str:
    return SPACES.sub(" ", text).strip()


_ENV = Environment(extensions=["jinja2.ext.i18n"])


def pieces(text: str) -> list[str]:
    """The literal parts of a text (a template's text between its markup), as a reader would see them."""
    if "{" not in text:
        return [flat(text)]
    tree = _ENV.parse(text)
    return [flat(d.data) for d in tree.find_all(nodes.TemplateData) if len(flat(d.data)) > 3]


@pytest.fixture(scope="module")
def scan() -> tuple[Flow, Path]:
    root = content_root()
    return load_library(root).flow("scan"), root


def expected_texts(flow: Flow, lang: str) -> dict[str, list[str]]:
    """What the review must mention, per kind, in `lang` (the catalogs' translation of each text)."""
    t = content_translations(lang, content_root()).gettext
    builder = Builder(flow, lang, content_root())
    out: dict[str, list[str]] = {"question": [], "option": [], "advice": [], "card": [], "domain": [], "contact": []}
    for node in flow.nodes.values():
        if node.is_question and node.kind != "card":
            out["question"] += pieces(t(node.text))
        for opt in [*node.options, *node.categories]:
            out["option"].append(flat(t(opt.label)))
        for followup in node.followups:
            out["question"] += pieces(t(followup.text))
            out["option"] += [flat(t(o.label)) for o in followup.options]
    for adv in builder.advice_items():
        out["advice"] += [flat(t(adv.title)), *(p for s in adv.steps for p in pieces(t(s.text)))]
    for card in builder.cards():
        out["card"] += [flat(t(card.title)), *pieces(t(card.situation)), *(flat(t(o.text)) for o in card.options)]
    out["domain"] = [flat(t(d.title)) for d in flow.domains.values()]
    out["contact"] = [flat(t(flow.contacts[c].name)) for c in builder.contacts_used(builder.advice_items())]
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_review_of_scan_mentions_every_question_option_advice_and_card(
    scan: tuple[Flow, Path], lang: str
) -> None:
    flow, root = scan
    page = parse(review_text(flow, root, ".html", [lang]))
    words = page.words()
    expected = expected_texts(flow, lang)
    assert len(expected["advice"]) > 40 and len(expected["card"]) > 40  # the whole content, not a part of it
    for kind, texts in expected.items():
        missing = [text for text in texts if text not in words]
        assert not missing, (kind, missing[:5])
    markdown = flat(review_text(flow, root, ".md", [lang]).replace("\\", ""))
    for kind in ("question", "advice", "card"):
        missing = [text for text in expected[kind] if flat(text.replace("&", "&amp;")) not in markdown]
        assert not missing, (kind, missing[:5])


def test_the_english_review_is_in_english(scan: tuple[Flow, Path]) -> None:
    flow, root = scan
    english = parse(review_text(flow, root, ".html", ["en"])).words()
    t = content_translations("en", root).gettext
    texts = [n.text for n in flow.nodes.values() if n.is_question] + [a.title for a in flow.advice]
    texts += [c.situation for c in flow.cards.values()]
    dutch = [flat(text) for text in texts if text and "{" not in text and t(text) != text]
    assert len(dutch) > 100
    assert not [text for text in dutch if text in english][:3]
    assert "The questions, in order" in english and "De vragen, op volgorde" not in english


def test_anchors_are_stable_unique_and_every_link_resolves(scan: tuple[Flow, Path]) -> None:
    flow, root = scan
    html = review_text(flow, root, ".html", ["nl"])
    page = parse(html)
    assert len(page.ids) == len(set(page.ids)), [i for i in page.ids if page.ids.count(i) > 1][:5]
    ids = set(page.ids)
    builder = Builder(flow, "nl", root)
    wanted = {f"node-{n}" for n in flow.nodes} | {f"node-{n.deck_id}" for n in flow.nodes.values() if n.deck_id}
    wanted |= {f"advice-{a.id}" for a in builder.advice_items()} | {f"card-{c.id}" for c in builder.cards()}
    wanted |= {f"domain-{d}" for d in flow.domains}
    assert wanted <= ids, sorted(wanted - ids)[:5]
    assert {h[1:] for h in page.hrefs} <= ids  # every link is to a place in the document
    # the same anchors in every language and every run: links into the document keep working
    assert parse(review_text(flow, root, ".html", ["en"])).ids == page.ids
    assert review_text(flow, root, ".html", ["nl"]) == html
    markdown = review_text(flow, root, ".md", ["nl"])
    assert re.findall(r'<a id="([^"]+)"></a>', markdown) == [i for i in page.ids]


def test_the_html_is_self_contained_and_well_formed(scan: tuple[Flow, Path]) -> None:
    flow, root = scan
    html = review_text(flow, root, ".html", ["nl"])
    page = parse(html)
    assert not page.errors and not page.stack, (page.errors[:3], page.stack)
    assert html.startswith("<!DOCTYPE html>")
    assert not page.tags & {"script", "img", "link", "iframe", "object", "form"}
    assert all(href.startswith("#") for href in page.hrefs)
    assert not [a for a in page.attrs if a[0] in ("src", "srcset", "action") or a[0].startswith("on")]
    csp = [m.get("content") for m in page.meta if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'"]
    assert "@page { size: A4" in html and "url(" not in html
    assert "nav" in page.tags  # a table of contents
    assert page.words().count("Inhoud") >= 1


def test_content_text_is_escaped(mini_root: Path) -> None:
    questions = mini_root / "flows" / "modules" / "questions.yaml"
    questions.write_text(questions.read_text("utf-8").replace(
        "text: Krijgt u geschenken?", "text: \"Krijgt u <script>alert(1)</script> geschenken?\"").replace(
        "label: Druk,", "label: '\"><img src=x onerror=alert(2)> [klik](javascript:alert(3))',"), "utf-8")
    flow = load_library(mini_root).flow("mini")
    html = review_text(flow, mini_root, ".html", ["nl"])
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = parse(html)
    assert "Krijgt u <script>alert(1)</script> geschenken?" in page.words()
    markdown = review_text(flow, mini_root, ".md", ["nl"])
    assert "<script" not in markdown and "<img" not in markdown
    assert "&lt;script&gt;" in markdown and not re.search(r"(?<!\\)\]\(javascript:", markdown)


def test_side_by_side_has_both_languages(scan: tuple[Flow, Path]) -> None:
    flow, root = scan
    html = review_text(flow, root, ".html", ["nl", "en"])
    page = parse(html)
    assert not page.errors and len(page.ids) == len(set(page.ids))
    words = page.words()
    nl, en = expected_texts(flow, "nl"), expected_texts(flow, "en")
    for kind in ("question", "option", "advice", "card"):
        assert not [text for text in nl[kind] + en[kind] if text not in words], kind
    assert html.count('<div lang="nl">') == html.count('<div lang="en">') > 1000
    markdown = review_text(flow, root, ".md", ["nl", "en"]).splitlines()
    dutch = [i for i, line in enumerate(markdown) if "**nl:**" in line]
    assert len(dutch) > 1000
    assert all("**en:**" in markdown[i + 1] for i in dutch), [markdown[i] for i in dutch if
                                                               "**en:**" not in markdown[i + 1]][:3]


@pytest.mark.serial
def test_the_review_of_scan_takes_under_two_seconds() -> None:
    start = time.perf_counter()
    root = content_root()
    flow = load_library(root).flow("scan")
    review_text(flow, root, ".html", ["nl", "en"])  # side by side: the largest review
    assert time.perf_counter() - start < 2


# -- the command ---------------------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_review_writes_a_private_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "scan.html"
    code, out, _ = run(capsys, "review", "--output", str(target))
    assert code == 0 and str(target) in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scan.html"]  # the given path only


def test_review_in_english_as_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "scan.md"
    code, _, _ = run(capsys, "review", "scan", "--lang", "en", "-o", str(target))
    text = target.read_text("utf-8")
    assert code == 0 and text.startswith("# Review of the flow") and "## The questions, in order" in text


def test_review_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "scan.md"
    target.write_text("mijn aantekeningen", "utf-8")
    target.chmod(0o644)
    code, _, err = run(capsys, "review", "-o", str(target))
    assert code == 2 and "--force" in err
    assert target.read_text("utf-8") == "mijn aantekeningen"
    code, _, _ = run(capsys, "review", "-o", str(target), "--force")
    assert code == 0 and target.read_text("utf-8").startswith("# ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("name", ["scan.txt", "scan", "no-such-folder/scan.html"])
def test_review_says_what_is_wrong_with_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    target = tmp_path / name
    code, _, err = run(capsys, "review", "-o", str(target))
    assert code == 2 and err.startswith("dialoog review: ")
    assert ".html" in err or "folder" in err
    assert not target.exists()


def test_review_never_writes_through_a_symlink(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("niet aankomen", "utf-8")
    link = tmp_path / "scan.html"
    os.symlink(elsewhere, link)
    for force in ([], ["--force"]):
        code, _, _ = run(capsys, "review", "-o", str(link), *force)
        assert code == 2
    assert elsewhere.read_text("utf-8") == "niet aankomen"


def test_review_of_broken_content_or_an_unknown_flow_fails(
    mini_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "review", "nosuchflow", "-o", str(tmp_path / "x.html"))
    assert code == 1 and "nosuchflow" in err
    questions = mini_root / "flows" / "modules" / "questions.yaml"
    questions.write_text(questions.read_text("utf-8").replace("goto: gifts_value}", "goto: gift_value}"), "utf-8")
    code, _, err = run(capsys, "review", str(mini_root / "flows" / "mini.yaml"), "-o", str(tmp_path / "x.html"))
    assert code == 1 and "DLG009" in err
    assert not (tmp_path / "x.html").exists()


def test_review_of_a_flow_file(mini_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mini.html"
    code, _, _ = run(capsys, "review", str(mini_root / "flows" / "mini.yaml"), "-o", str(target))
    assert code == 0
    words = parse(target.read_text("utf-8")).words()
    assert "Krijgt u geschenken?" in words and "Registreer geschenken" in words
