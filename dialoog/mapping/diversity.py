"""How varied the map is: Blau's index over the categories of its entries, with its meaning in words."""

from __future__ import annotations

from dataclasses import dataclass

from dialoog.engine.scores import blau
from dialoog.mapping.model import NetworkMap

__all__ = ["Diversity", "blau", "diversity", "number"]


@dataclass(frozen=True, slots=True)
class Diversity:
    index: float
    """Blau's index 1 - sum of p_i^2 over the categories (p_i: the share of entries in category i), not
    normalised: 0 when every entry is in one category (or nobody is mapped); at most 1 - 1/k for k
    categories (0.857 for 7)."""
    categories: int
    """How many categories the entries are in."""
    words: str
    """The meaning in words, from the content, in the map's language."""
    band: str = "empty"
    """`empty` (nobody mapped), `narrow`, `mixed` or `varied` (the content's thresholds)."""
    normalised: float = 0.0
    """The index divided by its largest possible value with the categories the content offers (1 - 1/k)."""
    available: int = 0
    """How many categories the content offers."""

    def as_json(self) -> dict[str, object]:
        return {"index": round(self.index, 4), "normalised": round(self.normalised, 4), "band": self.band,
                "categories": self.categories, "available": self.available, "words": self.words}


def number(value: float, lang: str) -> str:
    """The index with two decimals as the language writes it (Dutch: a decimal comma)."""
    text = f"{value:.2f}"
    return text.replace(".", ",") if lang == "nl" else text


def diversity(network_map: NetworkMap) -> Diversity:
    """The diversity figure of `network_map`, with the content's words for its band."""
    cats = [e.category for e in network_map.entries]
    index = blau(cats)
    k = network_map.categories_total
    normalised = index / (1 - 1 / k) if k > 1 else 0.0
    mixed, varied = network_map.thresholds
    if not cats:
        band = "empty"
    elif index < mixed:
        band = "narrow"
    elif index < varied:
        band = "mixed"
    else:
        band = "varied"
    words = dict(network_map.meaning).get(band, "")
    return Diversity(index, len(set(cats)), words, band, min(normalised, 1.0), k)
