"""The network as GraphML (NetworkX, Gephi): the user and the entries of the network map with their
attributes (`dialoog.mapping.to_graphml`): with the names the user gave and the typed answers about each
entry, or (`names=False`) by number only, without any typed text."""

from __future__ import annotations

from typing import Any


def network_graphml(session: Any, *, names: bool = True) -> str:
    from dialoog.mapping import build_map, to_graphml

    text: str = to_graphml(build_map(session), names=names)
    return text


def network_parts(names: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a GraphML export holds and leaves out, as recorded in its consent."""
    held = ("entries", "categories", "closeness", "signals", "answers")
    private = ("names", "free_text")
    return (held + private, ()) if names else (held, private)


__all__ = ["network_graphml", "network_parts"]
