"""Typed access to parsed YAML that turns every mistake into a Problem."""

from __future__ import annotations

import math
import re
from typing import Any

from dialoog.flow.problems import Pos, Problem, did_you_mean
from dialoog.flow.yamlfile import YList, YMap

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", float: "a number"}


class Reader:
    """Collects problems while content is read; never raises for an author's mistake."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, pos: Pos, code: str, message: str) -> None:
        self.problems.append(Problem.at(pos, code, message))

    def mapping(self, value: Any, pos: Pos, what: str) -> YMap | None:
        if isinstance(value, YMap):
            return value
        self.error(pos, "DLG003", f"{what} must be a mapping (key: value), not {_describe(value)}")
        return None

    def items(self, value: Any, pos: Pos, what: str) -> YList:
        if isinstance(value, YList):
            return value
        if value is not None:
            self.error(pos, "DLG003", f"{what} must be a list, not {_describe(value)}")
        empty = YList()
        empty.pos = pos
        empty.item_pos = []
        return empty

    def keys(self, data: YMap, allowed: set[str] | frozenset[str], what: str) -> None:
        for key in data:
            if key not in allowed:
                self.error(data.key_pos[key], "DLG005", f"unknown key '{key}' in {what}{did_you_mean(key, allowed)}")

    def get(self, data: YMap, key: str, kind: type, what: str, required: bool = False, default: Any = None) -> Any:
        if key not in data or data[key] is None:
            if required:
                self.error(data.pos, "DLG004", f"{what} needs '{key}'")
            return default
        value = data[key]
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is float and isinstance(value, float) and not math.isfinite(value):
            self.error(data.at(key), "DLG003", f"'{key}' must be a finite number, not {value}")
            return default
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.error(
                data.at(key),
                "DLG003",
                f"'{key}' must be {_TYPE_NAMES.get(kind, kind.__name__)}, not {_describe(value)}",
            )
            return default
        return value

    def ident(self, data: YMap, key: str, what: str, required: bool = True) -> str | None:
        value: str | None = self.get(data, key, str, what, required=required)
        if value is None:
            return None
        if not ID_RE.match(value):
            self.error(
                data.at(key),
                "DLG007",
                f"'{value}' is not a valid id: use lower case letters, digits and '_', starting with a letter",
            )
            return None
        return value

    def strings(self, data: YMap, key: str, what: str) -> list[str]:
        raw = data.get(key)
        if raw is None:
            return []
        if isinstance(raw, str):
            return [raw]
        out: list[str] = []
        for i, item in enumerate(self.items(raw, data.at(key), f"'{key}' of {what}")):
            if isinstance(item, (str, int, float)) and not isinstance(item, bool):
                out.append(str(item))
            else:
                self.error(raw.at(i), "DLG003", f"items of '{key}' must be text, not {_describe(item)}")
        return out


def scalar_value(value: Any) -> str | None:
    """An answer value as authors write it: YAML's yes/no booleans become 'yes'/'no'."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{value}'"
