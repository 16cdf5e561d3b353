"""YAML loading that remembers where every key, value and item stands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from dialoog.flow.problems import Pos, Problem

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


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_list)


def load_yaml(path: Path) -> tuple[Any, list[Problem], bytes]:
    """Parse one YAML file; returns the data, the problems and the raw bytes."""
    spath = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(spath, 1, 1, "DLG002", f"cannot read file: {exc.strerror}")], b""
    loader = _Loader(raw)
    loader.path = spath
    loader.duplicates = []
    try:
        data = loader.get_single_data()
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
