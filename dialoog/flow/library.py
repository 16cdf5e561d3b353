"""All content of a content root, loaded and validated together."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dialoog.flow.cards import read_cards
from dialoog.flow.compose import compose
from dialoog.flow.contacts import read_contacts
from dialoog.flow.model import Advice, Card, Contact, Domain, Flow, Module
from dialoog.flow.nodes import read_module_nodes
from dialoog.flow.problems import ContentError, Deadline, Pos, Problem, did_you_mean
from dialoog.flow.reader import Reader
from dialoog.flow.scoring import read_advice, read_domains, read_topic_names
from dialoog.flow.starters import Starters, read_starters
from dialoog.flow.vocabulary import Source, Term, Theme, read_glossary, read_sources, read_themes
from dialoog.flow.yamlfile import YMap, load_yaml

SPECIAL_FILES = ("domains.yaml", "advice.yaml", "coverage.yaml", "contacts.yaml", "starters.yaml", "themes.yaml",
                 "glossary.yaml", "sources.yaml")


@dataclass
class FlowSpec:
    """A composed flow as its file describes it."""

    id: str
    title: str
    description: str
    modules: list[tuple[str, Pos]]
    path: str
    pos: Pos


@dataclass
class Library:
    """Every flow, module, domain, advice item and card under one content root."""

    root: Path
    specs: dict[str, FlowSpec] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    role_audience: dict[str, str] = field(default_factory=dict)
    role_question: str = "role"
    advice: list[Advice] = field(default_factory=list)
    topic_names: dict[str, str] = field(default_factory=dict)
    topic_pos: dict[str, Pos] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    starters: Starters | None = None
    """flows/starters.yaml; None for content without one."""
    cards: dict[str, Card] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    """flows/themes.yaml: the card themes, in their order; empty for content without one."""
    sources: list[Source] = field(default_factory=list)
    """flows/sources.yaml: the public sources every `source:` names (checked as DLG065)."""
    glossary: list[Term] = field(default_factory=list)
    """flows/glossary.yaml: the fixed English term of each Dutch term (checked as DLG054)."""
    coverage: dict[str, Any] = field(default_factory=dict)
    coverage_pos: Pos | None = None
    raw: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _flows: dict[str, Flow] = field(default_factory=dict)

    @property
    def flows_dir(self) -> Path:
        return self.root / "flows"

    @property
    def prompts_dir(self) -> Path:
        return self.root / "prompts"

    def flow_ids(self) -> list[str]:
        return list(self.specs) + [m for m in self.modules if m not in self.specs]

    def flow(self, flow_id: str) -> Flow:
        """The runnable flow with this id; raises ContentError when it is broken."""
        if flow_id in self._flows:
            return self._flows[flow_id]
        r = Reader()
        flow = self._compose(flow_id, r)
        if flow is not None:
            r.problems += self.template_problems(flow)
            used = {flow.path, *(m.path for m in flow.modules)}
            shared = ("domains.yaml", "advice.yaml", "contacts.yaml", "starters.yaml")
            r.problems[:0] = [
                p
                for p in self.problems
                if p.path in used or Path(p.path).name in shared or Path(p.path).parent.name == "cards"
            ]
        if flow is None or r.problems:
            raise ContentError(r.problems or [Problem(str(self.flows_dir), 1, 1, "DLG023", f"no flow '{flow_id}'")])
        self._flows[flow_id] = flow
        return flow

    def template_problems(self, flow: Flow) -> list[Problem]:
        """What is wrong with the templates `flow` uses: a flow is refused for them as check reports them."""
        from dialoog.flow.templates import flow_templates

        named = [
            (q.template, q.pos)
            for node in flow.nodes.values()
            for q in [node, *node.followups]
            if q.template
        ]
        return flow_templates(self.prompts_dir, named, bool(flow.cards))

    def _compose(self, flow_id: str, r: Reader) -> Flow | None:
        spec = self.specs.get(flow_id)
        if spec is None:
            module = self.modules.get(flow_id)
            if module is None:
                return None
            spec = FlowSpec(
                module.id, module.title, module.description, [(module.id, module.pos)], module.path, module.pos
            )
        modules: list[Module] = []
        for mod_id, pos in spec.modules:
            if mod_id not in self.modules:
                r.error(pos, "DLG023", f"unknown module '{mod_id}' (no flows/modules/{mod_id}.yaml)"
                        f"{did_you_mean(mod_id, self.modules)}")
            else:
                modules.append(self.modules[mod_id])
        if not modules:
            return None
        files = [spec.path] + [m.path for m in modules]
        files += [p for p in self.raw if p not in files and not p.endswith("coverage.yaml") and "/modules/" not in p]
        digest = hashlib.sha256()
        for path in files:
            digest.update(Path(path).name.encode() + b"\0" + self.raw.get(path, b"") + b"\0")
        return compose(r, spec.id, spec.title, spec.description, modules, self, digest.hexdigest(), spec.path)

    def all_flows(self, r: Reader, deadline: Deadline | None = None) -> dict[str, Flow]:
        """Compose every flow, collecting problems into `r` (used by check); stops when `deadline` is over."""
        out: dict[str, Flow] = {}
        for flow_id in self.flow_ids():
            if deadline is not None and deadline.over():
                break
            flow = self._compose(flow_id, r)
            if flow is not None:
                out[flow_id] = flow
        return out


def load_library(root: Path, strict: bool = False, deadline: Deadline | None = None) -> Library:
    """Read all content below `root`; with `strict`, raise on the first problems. With a `deadline`, the
    files not yet read when it is over are left out (`dialoog check` then reports DLG034)."""
    lib = Library(root=root)
    r = Reader()
    flows_dir = root / "flows"
    if not flows_dir.is_dir():
        r.error(Pos(str(flows_dir)), "DLG002", "no flows folder here")
    else:
        _load_files(lib, r, flows_dir, deadline)
    lib.problems = r.problems
    if strict and lib.problems:
        raise ContentError(lib.problems)
    return lib


def _load(lib: Library, r: Reader, path: Path) -> Any:
    data, problems, raw = load_yaml(path)
    lib.raw[str(path)] = raw
    r.problems.extend(problems)
    return data


def _load_files(lib: Library, r: Reader, flows_dir: Path, deadline: Deadline | None = None) -> None:
    def over() -> bool:
        return deadline is not None and deadline.over()

    for path in sorted(flows_dir.glob("*.yaml")):
        if over():
            return
        data = _load(lib, r, path)
        if data is None and path.name not in SPECIAL_FILES:
            continue
        pos = Pos(str(path))
        if path.name == "domains.yaml":
            lib.domains, lib.role_audience = read_domains(r, data, pos)
            if isinstance(data, dict) and isinstance(data.get("role_question"), str):
                lib.role_question = data["role_question"]
        elif path.name == "advice.yaml":
            lib.advice = read_advice(r, data, pos)
            lib.topic_names, lib.topic_pos = read_topic_names(r, data, pos)
        elif path.name == "contacts.yaml":
            lib.contacts = read_contacts(r, data, pos)
        elif path.name == "starters.yaml":
            lib.starters = read_starters(r, data, pos)
        elif path.name == "themes.yaml":
            lib.themes = read_themes(r, data, pos)
        elif path.name == "sources.yaml":
            lib.sources = read_sources(r, data, pos)
        elif path.name == "glossary.yaml":
            lib.glossary = read_glossary(r, data, pos)
        elif path.name == "coverage.yaml":
            m = r.mapping(data, pos, "the coverage file")
            if m is not None:
                lib.coverage, lib.coverage_pos = m, m.pos
        else:
            _read_spec(lib, r, path, data)
    for path in sorted((flows_dir / "modules").glob("*.yaml")):
        if over():
            return
        data = _load(lib, r, path)
        if data is not None:
            _read_module(lib, r, path, data)
    for path in sorted((flows_dir / "cards").glob("*.yaml")):
        if over():
            return
        data = _load(lib, r, path)
        if data is None:
            continue
        for card in read_cards(r, data, Pos(str(path))):
            first = lib.cards[card.id].pos if card.id in lib.cards else None
            if first is not None:
                r.error(
                    card.pos,
                    "DLG008",
                    f"card '{card.id}' is defined twice (first at {first.path}:{first.line})",
                )
            else:
                lib.cards[card.id] = card


def _check_stem(r: Reader, m: YMap, path: Path) -> str | None:
    flow_id = r.ident(m, "id", "a flow")
    if flow_id is not None and flow_id != path.stem:
        r.error(m.at("id"), "DLG007", f"id '{flow_id}' must match the file name '{path.stem}'")
        return None
    return flow_id


def _read_spec(lib: Library, r: Reader, path: Path, data: Any) -> None:
    m = r.mapping(data, Pos(str(path)), "a flow file")
    if m is None:
        return
    r.keys(m, {"id", "title", "description", "modules"}, "a flow file")
    flow_id = _check_stem(r, m, path)
    if flow_id is None:
        return
    raw = m.get("modules")
    items = r.items(raw, m.at("modules"), "'modules'")
    if not items:
        r.error(m.pos, "DLG004", f"flow '{flow_id}' needs 'modules'")
    modules = [(str(item), items.at(i)) for i, item in enumerate(items)]
    lib.specs[flow_id] = FlowSpec(
        id=flow_id,
        title=r.get(m, "title", str, "a flow", required=True, default=flow_id),
        description=r.get(m, "description", str, "a flow", default=""),
        modules=modules,
        path=str(path),
        pos=m.pos,
    )


def _read_module(lib: Library, r: Reader, path: Path, data: Any) -> None:
    m = r.mapping(data, Pos(str(path)), "a module file")
    if m is None:
        return
    r.keys(m, {"id", "title", "description", "nodes"}, "a module file")
    mod_id = _check_stem(r, m, path)
    if mod_id is None:
        return
    if mod_id in lib.specs:
        r.error(m.at("id"), "DLG008", f"'{mod_id}' is already the id of a flow")
        return
    nodes = read_module_nodes(r, m.get("nodes"), m.at("nodes"), mod_id)
    if not nodes:
        r.error(m.pos, "DLG004", f"module '{mod_id}' needs 'nodes'")
        return
    lib.modules[mod_id] = Module(
        id=mod_id,
        title=r.get(m, "title", str, "a module", required=True, default=mod_id),
        description=r.get(m, "description", str, "a module", default=""),
        nodes=nodes,
        path=str(path),
        pos=m.pos,
    )
