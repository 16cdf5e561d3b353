"""Finding every translatable text in flow files; also a Babel extractor.

Registered as the Babel extractor `dialoog_flow`, so `pybabel extract` with a
mapping line `[dialoog_flow: flows/**.yaml]` picks up the flow texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from dialoog.flow.problems import Pos
from dialoog.flow.yamlfile import YList, YMap, load_yaml

# keys whose string value (or list of strings) is shown to the user
TEXT_KEYS = frozenset(
    {
        "text",
        "why",
        "source",
        "label",
        "title",
        "description",
        "placeholder",
        "suggest",
        "situation",
        "question",
        "considerations",
        "risks",
        "steps",
        "reflection",
        "sources",
        "name",
        "remit",
        "reach",
        "lines",
        "mark",
    }
)
# keys whose mapping values are shown to the user
TEXT_MAPS = frozenset({"meaning", "perspectives", "labels", "contacts", "topic_names", "levels", "deciding",
                       "actions"})
# an advice item's contacts are ids of flows/contacts.yaml (not shown as such) or, in older content, names
CONTACT_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def iter_texts(data: Any, inside: str | None = None) -> Iterator[tuple[str, Pos, str]]:
    """Yield (text, position, key) for every translatable string in parsed YAML."""
    if isinstance(data, YMap):
        for key, value in data.items():
            pos = data.at(key)
            if inside == "contacts":
                yield from (item for item in _strings(value, pos, key) if not CONTACT_ID.match(item[0]))
            elif inside in TEXT_MAPS or key in TEXT_KEYS:
                yield from _strings(value, pos, key)
            elif key in TEXT_MAPS and isinstance(value, YMap):
                yield from iter_texts(value, key)
            elif isinstance(value, (YMap, YList)):
                yield from iter_texts(value)
    elif isinstance(data, YList):
        for item in data:
            yield from iter_texts(item, inside)


def _strings(value: Any, pos: Pos, key: str) -> Iterator[tuple[str, Pos, str]]:
    if isinstance(value, str) and value.strip():
        yield value, pos, key
    elif isinstance(value, YList):
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                yield item, value.at(i), key
            elif isinstance(item, YMap):  # a step with a condition: {text: ..., if: ...}
                yield from iter_texts(item)


def texts_in_file(path: Path) -> list[tuple[str, Pos, str]]:
    data, _problems, _raw = load_yaml(path)
    return list(iter_texts(data)) if data is not None else []


def extract_flow(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extractor: (line, function name, message, comments) for each flow text."""
    import tempfile

    name = getattr(fileobj, "name", None)
    if isinstance(name, str) and Path(name).is_file():
        path = Path(name)
        items = texts_in_file(path)
    else:
        with tempfile.NamedTemporaryFile(suffix=".yaml") as tmp:
            tmp.write(fileobj.read())
            tmp.flush()
            items = texts_in_file(Path(tmp.name))
    for text, pos, key in items:
        yield pos.line, None, text, [f"{key}"]
