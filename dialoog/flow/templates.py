"""Prompt templates (`prompts/*.j2`): found, read and checked the same way by `check`, the loader and play.

A template is only read when it is a regular file directly in `prompts/` (or a
folder below it), reached without a symlink, of at most `MAX_TEMPLATE_BYTES`,
in UTF-8. `template: /etc/passwd`, `../../etc/passwd` or a symlinked
`prompts/summary.j2` are refused (DLG032), as are templates that include,
extend or import themselves (directly or through others) or whose macros call
themselves (DLG033): at run time those would end in a `RecursionError`.

`template_problems` gives the problems of the templates a flow uses (and of
what they include), so that the library refuses such a flow just as `check`
reports it: play and the TUI never start what check rejected.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import BaseLoader, Environment, TemplateError, TemplateNotFound, TemplateSyntaxError, nodes

from dialoog.flow.files import LimitError, read_regular
from dialoog.flow.problems import Pos, Problem
from dialoog.sanitize import describe_control, first_control

MAX_TEMPLATE_BYTES = 256 * 1024
"""The largest template read (256 KiB; the program's summary template is about 10 KB)."""


class UnsafeTemplate(TemplateNotFound):
    """A template name or file that is refused (outside prompts/, a symlink, not a regular file, too large,
    not UTF-8). A `TemplateNotFound`, so Jinja and callers treat it as a template that is not there."""

    def __init__(self, name: str, reason: str, code: str = "DLG032") -> None:
        super().__init__(name, f"{name}: {reason}")
        self.reason = reason
        self.code = code


def template_path(prompts: Path, name: str) -> Path:
    """Where the template `name` stands, or UnsafeTemplate when the name leaves prompts/ or a part of the
    way is a symlink."""
    if not name or "\\" in name or "\0" in name:
        raise UnsafeTemplate(name, "not a template name")
    parts = PurePosixPath(name).parts
    if PurePosixPath(name).is_absolute() or any(p in ("..", ".") for p in parts):
        raise UnsafeTemplate(name, "a template must be a file in prompts/ (no absolute path, no '..')")
    path = prompts
    for part in parts:
        path = path / part
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            raise UnsafeTemplate(name, "not found in prompts/", "DLG016") from None
        except OSError as exc:
            raise UnsafeTemplate(name, f"cannot be read ({exc.strerror})", "DLG016") from None
        if stat.S_ISLNK(info.st_mode):
            raise UnsafeTemplate(name, "is a symlink: templates are only read from regular files in prompts/")
    return path


def read_template(prompts: Path, name: str) -> str:
    """The text of the template `name`; UnsafeTemplate when it is refused (see the module docstring)."""
    path = template_path(prompts, name)
    try:
        raw = read_regular(path, MAX_TEMPLATE_BYTES, follow=False)
    except LimitError as exc:
        raise UnsafeTemplate(name, str(exc), "DLG030") from None
    except OSError as exc:
        raise UnsafeTemplate(name, f"cannot be read ({exc.strerror})", "DLG016") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnsafeTemplate(name, f"is not UTF-8 (byte {exc.start})", "DLG016") from None


class PromptLoader(BaseLoader):
    """Jinja's loader for prompts/: only what `read_template` accepts."""

    def __init__(self, prompts: Path) -> None:
        self.prompts = prompts

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        text = read_template(self.prompts, template)
        path = self.prompts / template
        try:
            mtime = os.lstat(path).st_mtime_ns
        except OSError:
            mtime = -1

        def uptodate() -> bool:
            try:
                return os.lstat(path).st_mtime_ns == mtime
            except OSError:
                return False

        return text, str(path), uptodate

    def list_templates(self) -> list[str]:
        return sorted(p.name for p in self.prompts.glob("*.j2"))


def _references(tree: nodes.Template) -> list[tuple[str, int]]:
    """The templates a template includes, extends or imports by a constant name, with their lines."""
    found: list[tuple[str, int]] = []
    kinds = (nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)
    for node in tree.find_all(kinds):
        target = getattr(node, "template", None)
        names: Iterable[Any] = []
        if isinstance(target, nodes.Const):
            names = [target.value]
        elif isinstance(target, (nodes.List, nodes.Tuple)):
            names = [item.value for item in target.items if isinstance(item, nodes.Const)]
        found += [(n, node.lineno) for n in names if isinstance(n, str)]
    return found


def _recursive_macro(tree: nodes.Template) -> tuple[str, int] | None:
    """A macro that calls itself, directly or through other macros of the same template."""
    macros = {m.name: m for m in tree.find_all(nodes.Macro)}
    calls: dict[str, set[str]] = {}
    for name, macro in macros.items():
        called = {c.node.name for c in macro.find_all(nodes.Call) if isinstance(c.node, nodes.Name)}
        calls[name] = called & set(macros)
    for start, macro in macros.items():
        seen: set[str] = set()
        todo = list(calls[start])
        while todo:
            name = todo.pop()
            if name == start:
                return start, macro.lineno
            if name not in seen:
                seen.add(name)
                todo.extend(calls.get(name, ()))
    return None


def template_problems(env: Environment, prompts: Path, names: Iterable[str], where: Pos | None = None) -> list[Problem]:
    """Problems of the templates `names` and of every template they include, extend or import.

    A name that cannot be read is reported at `where` (the node that names it) when given, else at the
    template's own path."""
    problems: list[Problem] = []
    parsed: dict[str, list[tuple[str, int]]] = {}
    order: list[str] = []

    def visit(name: str, at: Pos) -> None:
        if name in parsed:
            return
        parsed[name] = []
        path = str(prompts / name)
        try:
            text = read_template(prompts, name)
        except UnsafeTemplate as exc:
            problems.append(Problem.at(at, exc.code, f"template '{name}' {exc.reason}"))
            return
        index = first_control(text)
        if index is not None:
            line = text.count("\n", 0, index) + 1
            col = index - (text.rfind("\n", 0, index) + 1) + 1
            problems.append(
                Problem(path, line, col, "DLG031", f"the template holds the control character "
                        f"{describe_control(text[index])}: remove it (a terminal would act on it)")
            )
        try:
            tree = env.parse(text)
        except TemplateSyntaxError as exc:
            problems.append(Problem(path, exc.lineno or 1, 1, "DLG016", f"template error: {exc.message}"))
            return
        except (TemplateError, RecursionError, SyntaxError, ValueError, OverflowError, MemoryError) as exc:
            problems.append(Problem(path, 1, 1, "DLG016", f"template error: {type(exc).__name__}"))
            return
        order.append(name)
        macro = _recursive_macro(tree)
        if macro is not None:
            message = f"macro '{macro[0]}' calls itself: it would never end"
            problems.append(Problem(path, macro[1], 1, "DLG033", message))
        refs = _references(tree)
        parsed[name] = refs
        for ref, line in refs:
            visit(ref, Pos(path, line, 1))

    for name in names:
        visit(name, where or Pos(str(prompts / name)))
    # a cycle through include/extends/import: found by walking the graph of what could be read
    state: dict[str, int] = {}

    def walk(name: str, trail: list[str]) -> None:
        state[name] = 1
        for ref, line in parsed.get(name, []):
            if state.get(ref) == 1:
                cycle = " -> ".join([*trail[trail.index(ref):], ref]) if ref in trail else f"{name} -> {ref}"
                problems.append(
                    Problem(str(prompts / name), line, 1, "DLG033",
                            f"templates include or extend each other in a circle ({cycle}): it would never end")
                )
            elif ref not in state:
                walk(ref, [*trail, ref])
        state[name] = 2

    for name in order:
        if name not in state:
            walk(name, [name])
    return problems


@lru_cache(maxsize=1)
def parser() -> Environment:
    """An environment to parse templates with (the i18n tags known), bounded like the one that renders."""
    from dialoog.flow.sandbox import BoundedSandbox

    return BoundedSandbox(extensions=["jinja2.ext.i18n"], autoescape=False)


OPTIONAL_TEMPLATES = ("card_feedback.j2", "card_why.j2")
"""Templates the engine uses for dilemma cards when the content has them."""


_MEMO: dict[tuple[Any, ...], list[Problem]] = {}


def _snapshot(prompts: Path) -> tuple[tuple[str, int, int, int, int], ...]:
    """What the files of prompts/ are now (name, mode, size, mtime, inode): a change gives a new key."""
    entries: list[tuple[str, int, int, int, int]] = []
    try:
        with os.scandir(prompts) as it:
            for entry in it:
                info = entry.stat(follow_symlinks=False)
                entries.append((entry.name, info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino))
    except OSError:
        return ()
    return tuple(sorted(entries))


def flow_templates(prompts: Path, named: Iterable[tuple[str, Pos]], cards: bool) -> list[Problem]:
    """The problems of the templates a flow uses: those its nodes name (reported at the node when they
    cannot be read) and, for a flow with cards, the card templates that are there. Kept while prompts/ does
    not change (the flows of one content share their templates)."""
    named = tuple(named)
    key = (str(prompts), named, cards, _snapshot(prompts))
    known = _MEMO.get(key)
    if known is None:
        if len(_MEMO) > 64:
            _MEMO.clear()
        known = _MEMO[key] = _flow_templates(prompts, named, cards)
    return list(known)


def _flow_templates(prompts: Path, named: Iterable[tuple[str, Pos]], cards: bool) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for name, pos in named:
        if name not in seen:
            seen.add(name)
            problems += template_problems(parser(), prompts, [name], pos)
    if cards:
        present = [n for n in OPTIONAL_TEMPLATES if n not in seen and os.path.lexists(prompts / n)]
        problems += template_problems(parser(), prompts, present)
    return problems
