"""No two cards of the deck tell nearly the same situation (issue 16: near-duplicates).

The measure: the cosine of TF-IDF vectors over the words of the Dutch situation texts (lowercase words of
four letters or more; weights 1 + log(count) times log((1 + N) / (1 + cards with the word))). Calibrated on
the deck of round 5 (45 cards): the most alike pair scores 0.20 (two cards about a lobbyist); a situation
copied with other names and a few words changed scores above 0.8. The threshold, 0.5, lies between.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter

from dialoog.flow.library import load_library
from dialoog.locations import content_root

THRESHOLD = 0.5
WORD = re.compile(r"[a-zà-ÿ]+")


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if len(w) > 3]


def most_alike(situations: dict[str, str]) -> list[tuple[float, str, str]]:
    """Every pair of situations with its similarity, the most alike first."""
    counts = {k: Counter(words(t)) for k, t in situations.items()}
    df = Counter(w for c in counts.values() for w in c)
    n = len(counts)
    vectors = {k: {w: (1 + math.log(m)) * math.log((1 + n) / (1 + df[w])) for w, m in c.items()}
               for k, c in counts.items()}

    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        dot = sum(v * b.get(w, 0.0) for w, v in a.items())
        norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
        return dot / norm if norm else 0.0

    pairs = [(cosine(vectors[a], vectors[b]), a, b) for a, b in itertools.combinations(sorted(vectors), 2)]
    return sorted(pairs, reverse=True)


def situations() -> dict[str, str]:
    return {c.id: c.situation for c in load_library(content_root()).cards.values()}


def test_no_two_cards_of_the_deck_have_near_identical_situations() -> None:
    alike = [p for p in most_alike(situations()) if p[0] >= THRESHOLD]
    assert not alike, f"near-identical situations (similarity >= {THRESHOLD}): {alike[:5]}"


def test_a_near_copy_of_a_situation_is_caught() -> None:
    deck = situations()
    original_id, original = next(iter(sorted(deck.items())))
    copy = original
    for name in re.findall(r"\b[A-Z][a-z]+\b", original)[1:]:  # other names; the first word stays
        copy = copy.replace(name, "Quirine")
    copy = copy.replace(" de ", " een ", 2) + " Dat is al een tijd zo."
    pairs = most_alike({**deck, "near_copy": copy})
    score = next(s for s, a, b in pairs if {a, b} == {original_id, "near_copy"})
    assert score >= THRESHOLD, score
    # and a hand-written pair of near copies, with other words than the deck's
    pair = {
        "one": "Een projectontwikkelaar die u kent van de tennisclub belt u. Hij wil graag dat u de bouwvergunning "
               "voor zijn appartementen aan de haven snel rond maakt, want zijn bank wacht.",
        "two": "Een projectontwikkelaar die u kent van de hockeyclub belt u op. Hij wil dat u de bouwvergunning "
               "voor zijn appartementen aan de haven snel regelt, want zijn bank wacht erop.",
    }
    top = most_alike({**deck, **pair})[0]
    assert {top[1], top[2]} == {"one", "two"} and top[0] >= THRESHOLD, top
