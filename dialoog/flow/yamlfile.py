"""YAML loading that remembers where every key, value and item stands.

Loading has limits, so that no content file can hang or exhaust the program
(each is reported as `DLG030` at the place it was passed):

- only regular files are read (a FIFO, a device such as `/dev/zero` or a folder
  named `*.yaml` is refused without being read; the file is opened with
  `O_NONBLOCK`, so opening never blocks), of at most `MAX_FILE_BYTES`;
- a document may hold at most `MAX_NODES` values once its aliases are expanded
  (a "billion laughs" of a few hundred bytes is refused before it is
  constructed), nested at most `MAX_DEPTH` deep;
- an integer may have at most `MAX_INT_DIGITS` digits.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from dialoog.flow.files import LimitError, read_regular
from dialoog.flow.problems import Pos, Problem
from dialoog.sanitize import describe_control, first_control

MAX_FILE_BYTES = 1024 * 1024
"""The largest content file read (1 MiB; the largest file of the program's content is about 40 KB)."""
MAX_NODES = 20_000
"""Values in one YAML document, counting each use of an alias as a copy of what it names (the largest file of
the program's content has about 1,400)."""
MAX_DEPTH = 64
"""How deep mappings and lists may nest in one YAML document."""
MAX_INT_DIGITS = 100
"""The longest integer in a YAML file (Python refuses to convert more than 4,300 digits)."""

if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:  # the C loader when libyaml is there: the same API, much faster
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YMap(dict[str, Any]):
    """A mapping that knows the position of itself, its keys and its values."""

    pos: Pos
    key_pos: dict[str, Pos]
    value_pos: dict[str, Pos]

    def at(self, key: str) -> Pos:
        """The position of a key's value (or of the mapping when absent)."""
        return self.value_pos.get(key) or self.pos


class YList(list[Any]):
    """A list that knows the position of itself and its items."""

    pos: Pos
    item_pos: list[Pos]

    def at(self, index: int) -> Pos:
        return self.item_pos[index] if index < len(self.item_pos) else self.pos


class _Loader(_Base):
    path = ""
    duplicates: list[Problem]
    """Problems found while constructing (duplicate keys, control characters): reported, not fatal."""


def _mark(loader: _Loader, node: yaml.Node) -> Pos:
    return Pos(loader.path, node.start_mark.line + 1, node.start_mark.column + 1)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> YMap:
    loader.flatten_mapping(node)
    result = YMap()
    result.pos = _mark(loader, node)
    result.key_pos = {}
    result.value_pos = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, bool):  # YAML 1.1 reads `yes:`/`no:` as booleans
            key = "yes" if key else "no"
        elif not isinstance(key, str):
            key = str(key)
        if key in result:
            loader.duplicates.append(
                Problem.at(_mark(loader, key_node), "DLG012", f"duplicate key '{key}' in this mapping")
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_pos[key] = _mark(loader, key_node)
        result.value_pos[key] = _mark(loader, value_node)
    return result


def _construct_list(loader: _Loader, node: yaml.SequenceNode) -> YList:
    result = YList(loader.construct_object(child, deep=True) for child in node.value)
    result.pos = _mark(loader, node)
    result.item_pos = [_mark(loader, child) for child in node.value]
    return result


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    text = str(node.value)
    if len(text) > MAX_INT_DIGITS:
        mark = node.start_mark
        raise LimitError(
            f"a number of {len(text):,} digits: at most {MAX_INT_DIGITS} are allowed", mark.line + 1, mark.column + 1
        )
    value: int = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    return value


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> str:
    value = str(loader.construct_scalar(node))
    index = first_control(value)
    if index is not None:
        loader.duplicates.append(
            Problem.at(
                _mark(loader, node),
                "DLG031",
                f"the text holds the control character {describe_control(value[index])}: "
                "remove it (a terminal would act on it)",
            )
        )
    return value


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_list)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _check_size(root: yaml.Node) -> None:
    """Refuse a document whose values, aliases expanded, pass MAX_NODES, or that nests deeper than MAX_DEPTH.

    Iterative and memoised per node, so it costs one visit of each distinct node however the aliases
    multiply them (a recursive alias counts once)."""
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if not done:
            if key in open_nodes:  # a recursive alias: the constructor reports it
                continue
            open_nodes.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        open_nodes.discard(key)
        size = 1 + sum(sizes.get(id(c), 1) for c in children)
        depth = 1 + max((depths.get(id(c), 1) for c in children), default=0)
        mark = node.start_mark
        if size > MAX_NODES:
            raise LimitError(
                f"too many values ({size:,} or more with aliases expanded): at most {MAX_NODES:,} are allowed",
                mark.line + 1,
                mark.column + 1,
            )
        if depth > MAX_DEPTH:
            raise LimitError(f"nested more than {MAX_DEPTH} levels deep", mark.line + 1, mark.column + 1)
        sizes[key] = size
        depths[key] = depth


def load_yaml(path: Path) -> tuple[Any, list[Problem], bytes]:
    """Parse one YAML file; returns the data, the problems and the raw bytes."""
    spath = str(path)
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except LimitError as exc:
        return None, [Problem(spath, exc.line, exc.col, "DLG030", str(exc))], b""
    except OSError as exc:
        return None, [Problem(spath, 1, 1, "DLG002", f"cannot read file: {exc.strerror}")], b""
    loader = _Loader(raw)
    loader.path = spath
    loader.duplicates = []
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [], raw
        _check_size(node)
        data = loader.construct_document(node)
    except LimitError as exc:
        return None, [Problem(spath, exc.line, exc.col, "DLG030", str(exc))], raw
    except RecursionError:
        return None, [Problem(spath, 1, 1, "DLG030", f"nested more than {MAX_DEPTH} levels deep")], raw
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{what} ({exc.context})"
        return None, [Problem(spath, line, col, "DLG001", what)], raw
    except yaml.YAMLError as exc:
        return None, [Problem(spath, 1, 1, "DLG001", str(exc).splitlines()[0])], raw
    finally:
        loader.dispose()
    return data, loader.duplicates, raw
