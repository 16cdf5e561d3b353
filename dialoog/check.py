"""`dialoog check`: everything an author can break, as `path:line:col: CODE message`."""

from __future__ import annotations

import ast
import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, meta

from dialoog.flow.cards import check_card_when
from dialoog.flow.catalogs import CatalogReport, Source, check_translations, read_catalogs
from dialoog.flow.compose import check_advice, known_answer_names
from dialoog.flow.contacts import audiences_of, check_contacts
from dialoog.flow.expressions import CONTEXT_NAMES
from dialoog.flow.extract import iter_texts
from dialoog.flow.library import Library, load_library
from dialoog.flow.model import LEVELS, Flow
from dialoog.flow.paths import count_paths
from dialoog.flow.problems import Deadline, Pos, Problem, did_you_mean
from dialoog.flow.reader import Reader
from dialoog.flow.starters import check_starters
from dialoog.flow.yamlfile import YList, YMap, load_yaml

TEMPLATE_NAMES = CONTEXT_NAMES | {"summary", "name", "entry", "chosen"}
CARD_THEMES = (
    "netwerken",
    "geschenken",
    "nevenfuncties",
    "draaideur",
    "informatie",
    "sociale_media",
    "druk_intimidatie",
    "belangenverstrengeling",
    "ondermijning",
)
# the card themes of content without flows/themes.yaml;
# the card audiences of content whose flows/domains.yaml has no role_audience
CARD_AUDIENCES = ("bewindspersoon", "topambtenaar", "decentraal", "raadslid")


@dataclass
class CheckResult:
    problems: list[Problem]
    """Everything found, errors and warnings (`Problem.warning`), in the order of their place."""
    counts: dict[str, int]
    paths_exact: bool
    missing: dict[str, int] = field(default_factory=dict)
    strict: bool = False
    """`dialoog check --strict`: a warning fails the check too."""
    coverage: dict[str, dict[str, int]] = field(default_factory=dict)
    """What the content covers (`coverage_counts`): cards per audience and per theme, questions per topic,
    and the minimums flows/coverage.yaml asks."""
    coverage_text: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    @property
    def ok(self) -> bool:
        return not self.errors and not (self.strict and self.warnings)

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "counts": self.counts,
            "problems": [p.as_json() for p in self.errors],
            "warnings": [p.as_json() for p in self.warnings],
            "translations": {lang: {"missing": n} for lang, n in self.missing.items()},
            **({"coverage": self.coverage} if self.coverage else {}),
        }

    def coverage_line(self) -> str:
        """The coverage in one line, for the plain output ('' when the content has no flows/coverage.yaml)."""
        return self.coverage_text


def inside(path: Path, root: Path) -> bool:
    """Whether `path` is one of the content files of the tree at `root` (its flows/ or prompts/)."""
    path = path.resolve()
    return any(path.is_relative_to((root / part).resolve()) for part in ("flows", "prompts"))


def place_of(path: Path) -> str:
    """Where a content file belongs in a content tree, by its name and its top-level keys."""
    if path.suffix == ".j2":
        return f"prompts/{path.name}"
    if path.name in ("domains.yaml", "advice.yaml", "coverage.yaml", "contacts.yaml", "starters.yaml"):
        return f"flows/{path.name}"
    data, _problems, _raw = load_yaml(path)  # a broken file: placed as a module; the check reports it
    keys = set(data) if isinstance(data, dict) else set()
    for key in ("domains", "advice", "topics", "contacts", "starters"):
        if key in keys:
            return f"flows/{'coverage' if key == 'topics' else key}.yaml"
    if "cards" in keys:
        return f"flows/cards/{path.name}"
    ident = data.get("id") if isinstance(data, dict) else None
    name = f"{ident}.yaml" if isinstance(ident, str) and ident.isidentifier() else path.name  # its id: no mismatch
    if "modules" in keys and "nodes" not in keys:
        return f"flows/{name}"
    return f"flows/modules/{name}"


def check_loose_files(files: list[Path], root: Path) -> CheckResult:
    """Check content files that are not part of a content tree: each in a copy of the tree at `root` (the
    program's content), at the place its kind belongs; the problems of those files are reported, under their
    own paths."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="dialoog-check-") as tmp:
        tree = Path(tmp) / "content"
        for part in ("flows", "prompts", "locales"):
            if (root / part).is_dir():
                shutil.copytree(root / part, tree / part)
        placed: dict[str, Path] = {}
        for file in files:
            dest = tree / place_of(file)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, dest)
            placed[str(dest.resolve())] = file
        result = run_check(tree, [tree / place_of(f) for f in files])
    problems = [replace(p, path=str(placed.get(str(Path(p.path).resolve()), p.path))) for p in result.problems]
    return CheckResult(problems, result.counts, result.paths_exact, result.missing)


def run_check(root: Path, only: list[Path] | None = None, strict: bool = False) -> CheckResult:
    """Check the content at `root` (only the files `only`, when given); `strict`: warnings fail too."""
    result = _run_check(root, only)
    result.strict = strict
    return result


def _run_check(root: Path, only: list[Path] | None = None) -> CheckResult:
    loose = [p for p in only or [] if p.is_file() and not inside(p, root)]
    if loose:
        from dialoog.locations import content_root

        return check_loose_files(loose, content_root())
    deadline = Deadline(check_budget())
    lib = load_library(root, deadline=deadline)
    r = Reader()
    r.problems.extend(lib.problems)
    flows = lib.all_flows(r, deadline)
    missing: dict[str, int] = {}
    phases: list[Callable[[], object]] = [
        lambda: check_advice(r, lib),
        lambda: check_contacts(r, lib),
        lambda: check_starters(r, lib),
        lambda: _check_cards(r, lib),
        lambda: _check_templates(r, lib),
        lambda: _check_coverage(r, lib, flows),
        lambda: _check_unused(r, lib, flows),
        lambda: _check_sources(r, lib),
        lambda: missing.update(_check_catalogs(r, lib)),
    ]
    for phase in phases:
        if deadline.over():
            break
        phase()
    problems = sorted(set(r.problems), key=lambda p: (p.path, p.line, p.col, p.code, p.message))
    if only:
        wanted = {str(p.resolve()) for p in only if p.is_file()}
        if wanted:
            problems = [p for p in problems if str(Path(p.path).resolve()) in wanted]
    if deadline.over():
        counts, exact = dict.fromkeys(("flows", "nodes", "questions", "cards", "advice", "paths"), 0), False
    else:
        counts, exact = _counts(lib, flows)
    if deadline.hit:
        problems.append(
            Problem(
                str(root / "flows"),
                1,
                1,
                "DLG034",
                f"the check stopped after {deadline.seconds:g} s (its time budget; {BUDGET_VARIABLE}): "
                "the problems above are what was found so far",
            )
        )
    coverage = coverage_counts(lib) if not deadline.over() else {}
    return CheckResult(problems, counts, exact, missing, coverage=coverage,
                       coverage_text=coverage_line(lib, coverage, counts.get("cards", 0)))


def coverage_line(lib: Library, cov: dict[str, dict[str, int]], cards: int) -> str:
    """The coverage in short: the fewest and most cards per audience and per theme that flows/coverage.yaml
    lists, against its minimums; the themes without a card; the topics asked."""
    if not cov:
        return ""
    low = cov["minimums"]

    def span(counts: dict[str, int], listed: list[str], minimum: str) -> str:
        values = {k: counts.get(k, 0) for k in listed}
        if not values:
            return "none listed"
        least = min(values, key=lambda k: (values[k], k))
        return f"{values[least]} ({least}) to {max(values.values())}, at least {low[minimum]}"

    audiences = [str(a) for a in lib.coverage.get("audiences") or []]
    themes = [str(t) for t in lib.coverage.get("themes") or []]
    empty = [t for t, n in cov["cards_per_theme"].items() if n == 0]
    topics = cov["questions_per_topic"]
    covered = sum(1 for n in topics.values() if n > 0)
    return (f"coverage: cards per audience {span(cov['cards_per_audience'], audiences, 'cards_per_audience')}; "
            f"per theme {span(cov['cards_per_theme'], themes, 'cards_per_theme')}"
            + (f" ({len(empty)} theme(s) without a card)" if empty else "")
            + f"; {cards} cards, at least {low['cards']}; {covered} of {len(topics)} topics asked")


def coverage_counts(lib: Library) -> dict[str, dict[str, int]]:
    """`coverage` of `dialoog check --json`: cards per audience and per theme (every audience and theme of
    flows/coverage.yaml, and every other one a card names), questions per topic (every topic of
    flows/coverage.yaml, and every other one a question has; a network follow-up counts as a question), and
    the minimums flows/coverage.yaml asks (`cards`, `cards_per_audience`, `cards_per_theme`). Empty when the
    content has no flows/coverage.yaml."""
    cov = lib.coverage
    if not cov:
        return {}
    cards = list(lib.cards.values())

    def per(key: str, listed: list[str]) -> dict[str, int]:
        named = [v for c in cards for v in getattr(c, key)]
        return {v: sum(1 for c in cards if v in getattr(c, key)) for v in dict.fromkeys([*listed, *named])}

    audiences = [str(a) for a in cov.get("audiences") or []]
    themes = [str(t) for t in cov.get("themes") or []] + list(lib.themes)
    topics: dict[str, int] = {str(t): 0 for t in cov.get("topics") or []}
    for module in lib.modules.values():
        for node in module.nodes:
            for question in [node, *node.followups]:
                if question.topic:
                    topics[question.topic] = topics.get(question.topic, 0) + 1
    return {
        "cards_per_audience": per("audiences", audiences),
        "cards_per_theme": per("themes", themes),
        "questions_per_topic": topics,
        "minimums": {
            "cards": int(cov.get("min_cards") or 0),
            "cards_per_audience": int(cov.get("min_cards_per_audience") or 1),
            "cards_per_theme": int(cov.get("min_cards_per_theme") or 1),
        },
    }


BUDGET_VARIABLE = "DIALOOG_CHECK_BUDGET"
DEFAULT_BUDGET = 60.0


def check_budget() -> float:
    """Seconds `dialoog check` may take: `DIALOOG_CHECK_BUDGET`, else 60."""
    import os

    try:
        value = float(os.environ.get(BUDGET_VARIABLE, DEFAULT_BUDGET))
    except ValueError:
        return DEFAULT_BUDGET
    return value if value > 0 and value == value else DEFAULT_BUDGET


def _counts(lib: Library, flows: dict[str, Flow]) -> tuple[dict[str, int], bool]:
    nodes = [n for m in lib.modules.values() for n in m.nodes]
    questions = sum(1 + len(n.followups) for n in nodes if n.is_question)
    paths, exact = 0, True
    for flow_id in lib.specs:
        if flow_id in flows:
            count, ok = count_paths(flows[flow_id])
            paths += count
            exact = exact and ok
    return {
        "flows": len(lib.flow_ids()),
        "nodes": len(nodes),
        "questions": questions,
        "cards": len(lib.cards),
        "advice": len(lib.advice),
        "paths": paths,
    }, exact


def _check_cards(r: Reader, lib: Library) -> None:
    known = audiences_of(lib) or list(CARD_AUDIENCES)
    themes = list(lib.themes) or list(CARD_THEMES)
    names = known_answer_names(lib)
    domains = set(lib.domains)
    for card in lib.cards.values():
        for theme in card.themes:
            if theme not in themes:
                r.error(
                    card.pos,
                    "DLG026",
                    f"card '{card.id}' has unknown theme '{theme}'{did_you_mean(theme, themes)} (the themes are in "
                    "flows/themes.yaml)",
                )
        for audience in card.audiences:
            if audience not in known:
                r.error(
                    card.pos,
                    "DLG026",
                    f"card '{card.id}' has unknown audience '{audience}' (use: {', '.join(known)})",
                )
        if not card.themes or not card.audiences:
            r.error(card.pos, "DLG004", f"card '{card.id}' needs 'themes' and 'audiences'")
        check_card_when(r, card, names, domains)


def _check_sources(r: Reader, lib: Library) -> None:
    """Every `source:` names a source of flows/sources.yaml (DLG065, a warning); content without that file
    has nothing to check."""
    from dialoog.flow.vocabulary import unknown_sources

    if not lib.sources:
        return
    texts: list[tuple[str, Pos]] = []
    for path_str in sorted(lib.raw):
        path = Path(path_str)
        if path.name == "sources.yaml":
            continue
        data, _p, _raw = load_yaml(path)
        texts += [(text, pos) for text, pos, key in iter_texts(data) if key in ("source", "sources")]
    r.problems.extend(unknown_sources(lib.sources, texts))


def _check_unused(r: Reader, lib: Library, flows: dict[str, Flow]) -> None:
    """Warnings (they fail only `check --strict`): a card that no flow can show (DLG050), and a route that
    can never be taken because a route before it always is, or has the same answer (DLG051)."""
    shown = {n.card for flow in flows.values() for n in flow.nodes.values() if n.card}
    if len(flows) == len(lib.flow_ids()):  # a flow that could not be composed would hide what it shows
        for card in lib.cards.values():
            if card.id not in shown:
                r.error(card.pos, "DLG050", f"card '{card.id}' is shown by no flow: no deck selects it and no "
                        "card node names it")
    for module in lib.modules.values():
        for node in module.nodes:
            answers: set[str] = set()
            always: int | None = None
            for i, route in enumerate(node.routes):
                if always is not None:
                    r.error(route.pos, "DLG051", f"route {i + 1} of '{node.id}' (to '{route.target}') is never taken:"
                            f" route {always + 1} before it is always taken")
                    continue
                if route.answer is not None and route.condition is None:
                    if route.answer in answers:
                        r.error(route.pos, "DLG051", f"route {i + 1} of '{node.id}' (to '{route.target}') is never"
                                f" taken: an earlier route has the same answer '{route.answer}'")
                    answers.add(route.answer)
                elif route.answer is None and route.condition is None:
                    always = i


def _check_templates(r: Reader, lib: Library) -> None:
    from dialoog.flow.templates import parser, template_problems
    from dialoog.render import texts_for

    env = texts_for("nl", lib.root).env
    names = known_answer_names(lib) | TEMPLATE_NAMES
    for module in lib.modules.values():
        for node in module.nodes:
            for question in [node, *node.followups]:
                for text in (question.text, question.why):
                    if text and ("{" in text):
                        try:
                            used = meta.find_undeclared_variables(env.parse(text))
                        except TemplateError as exc:  # syntax, an unknown filter or test
                            r.error(
                                question.pos,
                                "DLG016",
                                f"text of '{question.id}' is not a valid template: {exc.message}",
                            )
                            continue
                        except (RecursionError, SyntaxError, ValueError, OverflowError, MemoryError) as exc:
                            r.error(
                                question.pos,
                                "DLG016",
                                f"text of '{question.id}' is not a valid template ({type(exc).__name__}: "
                                "nested too deep or a number too large)",
                            )
                            continue
                        for name in sorted(used - names):
                            r.error(
                                question.pos,
                                "DLG014",
                                f"text of '{question.id}' uses '{name}', which is no question id",
                            )
                if question.template:
                    r.problems.extend(
                        template_problems(parser(), lib.prompts_dir, [question.template], question.pos)
                    )
    files = sorted(p.name for p in lib.prompts_dir.glob("*.j2"))
    r.problems.extend(template_problems(parser(), lib.prompts_dir, files))


def _max_scores(flow: Flow) -> dict[str, float]:
    best = dict.fromkeys(flow.domains, 0.0)
    for node in flow.nodes.values():
        candidates: list[dict[str, float]] = []
        if node.kind == "choice":
            candidates = [o.points for o in node.options]
        elif node.kind == "multi":
            total: dict[str, float] = {}
            for o in node.options:
                if not o.exclusive:
                    for d, p in o.points.items():
                        total[d] = total.get(d, 0.0) + max(p, 0.0)
            candidates = [total]
        elif node.kind in ("scale", "yesno"):
            candidates = list(node.points.values())
        elif node.kind == "network":
            per_entry: dict[str, float] = {}
            for fu in node.followups:
                options = [o.points for o in fu.options] + list(fu.points.values())
                for d in {d for pts in options for d in pts}:
                    per_entry[d] = per_entry.get(d, 0.0) + max(pts.get(d, 0.0) for pts in options)
            for rule in node.entry_points:  # the rules may all hold for one entry
                for d, p in rule.points.items():
                    per_entry[d] = per_entry.get(d, 0.0) + max(p, 0.0)
            candidates = [{d: p * node.max for d, p in per_entry.items()}]
        for d in best:
            best[d] += max([c.get(d, 0.0) for c in candidates] or [0.0])
    return best


def _check_coverage(r: Reader, lib: Library, flows: dict[str, Flow]) -> None:
    cov = lib.coverage
    pos = lib.coverage_pos or Pos(str(lib.flows_dir / "coverage.yaml"))
    if not cov:
        return

    def at(key: str, index: int | None = None) -> Pos:
        value = cov.get(key)
        if index is not None and isinstance(value, YList):
            return value.at(index)
        return cov.at(key) if isinstance(cov, YMap) else pos

    topics = {q.topic for m in lib.modules.values() for n in m.nodes for q in [n, *n.followups] if q.topic}
    for i, topic in enumerate(cov.get("topics") or []):
        if topic not in topics:
            r.error(at("topics", i), "DLG024", f"no question covers topic '{topic}'")
    cards = list(lib.cards.values())
    min_cards = int(cov.get("min_cards") or 0)
    if len(cards) < min_cards:
        r.error(at("min_cards"), "DLG024", f"the deck has {len(cards)} cards; at least {min_cards} are needed")
    for key, minimum in (
        ("themes", int(cov.get("min_cards_per_theme") or 1)),
        ("audiences", int(cov.get("min_cards_per_audience") or 1)),
    ):
        for i, value in enumerate(cov.get(key) or []):
            n = sum(1 for c in cards if value in getattr(c, key))
            if n < minimum:
                r.error(at(key, i), "DLG024", f"{n} cards for {key[:-1]} '{value}'; at least {minimum} are needed")
    main = flows.get("scan") or next((flows[s] for s in lib.specs if s in flows), None)
    if main is None:
        return
    best = _max_scores(main)
    for dom in lib.domains.values():
        if best.get(dom.id, 0.0) < dom.high:
            r.error(
                dom.pos,
                "DLG024",
                f"domain '{dom.id}' can reach at most {best.get(dom.id, 0):g} points in '{main.id}', "
                f"below its 'high' threshold {dom.high:g}",
            )
    for adv in lib.advice:
        target = lib.domains.get(adv.domain)
        if (
            target
            and adv.level
            and best.get(target.id, 0.0) < {"low": 0, "attention": target.attention, "high": target.high}[adv.level]
        ):
            r.error(adv.pos, "DLG025", f"advice '{adv.id}' can never apply: '{adv.domain}' cannot reach '{adv.level}'")
    levels_with_advice = {
        (a.domain, lvl) for a in lib.advice for lvl in LEVELS[LEVELS.index(a.level or "low") :] if a.level
    }
    for dom in lib.domains.values():
        for lvl in ("attention", "high"):
            if (dom.id, lvl) not in levels_with_advice and not any(
                a.domain == dom.id and a.condition for a in lib.advice
            ):
                r.error(dom.pos, "DLG025", f"domain '{dom.id}' has no advice for level '{lvl}'")


def content_sources(lib: Library) -> list[Source]:
    """Every translatable text of the content (the YAML files and the prompt templates), where it stands."""
    sources: list[Source] = []
    for path_str in sorted(lib.raw):
        path = Path(path_str)
        if path.name in ("coverage.yaml", "glossary.yaml", "sources.yaml"):  # not shown to users (the glossary
            # holds both languages; the list of sources is for authors)
            continue
        data, _p, _raw = load_yaml(path)
        for text, pos, _key in iter_texts(data):
            sources.append(Source(text, pos))
    from jinja2.ext import babel_extract

    from dialoog.flow.templates import UnsafeTemplate, read_template

    for path in sorted(lib.prompts_dir.glob("*.j2")):
        try:
            fh = io.BytesIO(read_template(lib.prompts_dir, path.name).encode("utf-8"))
            for lineno, _func, message, _comments in babel_extract(
                fh, ("gettext", "ngettext", "_"), [], {"trimmed": "true", "extensions": "jinja2.ext.i18n"}
            ):
                for msg in message if isinstance(message, tuple) else (message,):
                    if msg:
                        sources.append(Source(msg, Pos(str(path), lineno, 1)))
        except (UnsafeTemplate, TemplateError, OSError, UnicodeDecodeError, RecursionError, ValueError):
            continue  # reported by the template check
    return sources


def ui_sources() -> list[Source]:
    """The `_("...")` and `ngettext("...", "...")` strings of the program itself."""
    package = Path(__file__).resolve().parent
    sources: list[Source] = []
    for path in sorted(package.rglob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, OSError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name not in ("_", "ngettext", "N_"):
                continue
            texts = [a.value for a in node.args[: 2 if name == "ngettext" else 1]
                     if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            pos = Pos(str(path), node.lineno, node.col_offset + 1)
            for i, text in enumerate(texts):
                plural = texts[1] if name == "ngettext" and i == 0 and len(texts) == 2 else None
                sources.append(Source(text, pos, plural))
    return sources


def _check_catalogs(r: Reader, lib: Library) -> dict[str, int]:
    from dialoog.flow.scoring import check_mark_translations
    from dialoog.flow.vocabulary import glossary_problems

    locales = lib.root / "locales"
    missing: dict[str, int] = {}
    from dialoog.locations import program_root

    content = content_sources(lib)
    own = lib.root.resolve() == program_root().resolve()
    ui = ui_sources() if own else []
    for lang in ("nl", "en"):
        report = CatalogReport()
        folder = locales / lang / "LC_MESSAGES"
        if lang == "en":
            catalog = read_catalogs(sorted(folder.glob("content*.po")), report)
            check_translations(lang, content, catalog, report)
            check_mark_translations(lang, lib.domains, catalog, report.problems)
            report.problems.extend(glossary_problems(lib.glossary, catalog))
        else:
            catalog = read_catalogs(sorted(folder.glob("ui*.po")), report)
            check_translations(lang, ui, catalog, report)
        r.problems.extend(report.problems)
        missing[lang] = report.missing
    return missing
