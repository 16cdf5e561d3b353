"""Choosing the deck of a trainer session: by theme and audience, by id, a saved selection, or a file of the
trainer's own cards (read by the same card reader as flows/cards, and refused whole when it has a problem).

    data_dir()/training/decks/<name>.yaml     a saved selection: {name: str, cards: [card ids]}
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from dialoog.flow.cards import read_cards
from dialoog.flow.files import read_regular, write_new
from dialoog.flow.model import Card, CardOption
from dialoog.flow.problems import Pos, Problem, did_you_mean
from dialoog.flow.reader import Reader
from dialoog.flow.yamlfile import load_yaml
from dialoog.training.records import decks_dir

MAX_TRAINER_CARDS = 200
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


class DeckError(Exception):
    """A deck that cannot be made: the message says what to change (English; `problems` for a card file)."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def choose(cards: Iterable[Card], themes: Iterable[str] = (), audience: str | None = None) -> list[Card]:
    """The cards with any of `themes` (all when empty) that are meant for `audience` (all when None)."""
    wanted = set(themes)
    return [c for c in cards
            if (not wanted or wanted & set(c.themes)) and (audience is None or audience in c.audiences)]


def by_ids(cards: dict[str, Card], ids: Iterable[str]) -> list[Card]:
    """The cards `ids` in that order; raises DeckError naming an unknown id."""
    out: list[Card] = []
    for card_id in ids:
        if card_id not in cards:
            raise DeckError(f"there is no card '{card_id}'{did_you_mean(card_id, cards)}")
        if cards[card_id] not in out:
            out.append(cards[card_id])
    return out


def search(cards: Iterable[Card], text: str, translate: Any = None) -> list[Card]:
    """The cards whose id, title or situation holds every word of `text` (in Dutch or in the translation)."""
    words = [w for w in text.casefold().split() if w]
    if not words:
        return list(cards)
    out = []
    for card in cards:
        hay = f"{card.id} {card.title} {card.situation} {' '.join(card.themes)}"
        if translate is not None:
            hay += f" {translate(card.title)} {translate(card.situation)}"
        hay = hay.casefold()
        if all(w in hay for w in words):
            out.append(card)
    return out


def localise(card: Card, translate: Any) -> Card:
    """`card` with its texts in the language of `translate` (a gettext function; a text without a
    translation, such as a trainer's own card, stays as written)."""
    t = translate
    return dataclasses.replace(
        card,
        title=t(card.title) if card.title else "",
        situation=t(card.situation) if card.situation else "",
        question=t(card.question) if card.question else "",
        options=[CardOption(o.key, t(o.text) if o.text else "", t(o.considerations) if o.considerations else "")
                 for o in card.options],
        perspectives={k: t(v) for k, v in card.perspectives.items()},
        reflection=[t(q) for q in card.reflection],
    )


# -- saved selections ------------------------------------------------------------------------------------

def selection_path(data_dir: Path, name: str) -> Path:
    if not NAME_RE.match(name):
        raise DeckError(f"'{name}' cannot be the name of a selection: use letters, digits, '-' and '_'")
    return decks_dir(data_dir) / f"{name}.yaml"


def save_selection(data_dir: Path, name: str, ids: list[str]) -> Path:
    """Save the card ids `ids` as the selection `name` (replacing one of that name); raises DeckError, OSError."""
    if not ids:
        raise DeckError("a selection needs at least one card")
    path = selection_path(data_dir, name)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = yaml.safe_dump({"name": name, "cards": list(ids)}, allow_unicode=True, sort_keys=False)
    write_new(path, text.encode("utf-8"), 0o600)
    return path


def saved_selections(data_dir: Path) -> list[str]:
    folder = decks_dir(data_dir)
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def load_selection(data_dir: Path, name_or_path: str) -> list[str]:
    """The card ids of a saved selection, by its name or the path of its file; raises DeckError."""
    path = Path(name_or_path)
    if not (name_or_path.endswith((".yaml", ".yml")) or path.is_file()):
        path = selection_path(data_dir, name_or_path)
    try:
        raw = read_regular(path, 1024 * 1024)
        data = yaml.safe_load(raw.decode("utf-8"))
    except FileNotFoundError:
        known = saved_selections(data_dir)
        also = f" (saved selections: {', '.join(known)})" if known else ""
        raise DeckError(f"there is no selection '{name_or_path}'{also}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DeckError(f"cannot read the selection {path}: {type(exc).__name__}") from None
    ids = data.get("cards") if isinstance(data, dict) else None
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise DeckError(f"{path}: a selection needs 'cards:', a list of card ids")
    return ids


# -- a trainer's own card file ---------------------------------------------------------------------------

def check_card_file(path: Path, known: dict[str, Card], themes: Iterable[str], audiences: Iterable[str]
                    ) -> tuple[list[Card], list[Problem]]:
    """Read a trainer's card file (the schema of flows/cards) and check it against the content: the cards
    and every problem (`path:line:col CODE message`). Codes: the card reader's, and DLG067 (a card id that
    the deck already has, or that the file repeats), DLG068 (an unknown theme or audience), DLG069 (no
    cards, or too many)."""
    data, problems, _raw = load_yaml(path)
    r = Reader()
    r.problems.extend(problems)
    pos = Pos(str(path))
    if data is None and not problems:
        r.error(pos, "DLG069", "the card file has no cards: write them under 'cards:' as in flows/cards")
        return [], r.problems
    cards = read_cards(r, data, pos) if data is not None else []
    if data is not None and not cards:
        r.error(pos, "DLG069", "the card file has no cards: write them under 'cards:' as in flows/cards")
    if len(cards) > MAX_TRAINER_CARDS:
        r.error(pos, "DLG069", f"the card file has {len(cards)} cards; at most {MAX_TRAINER_CARDS} fit a session")
    theme_list, audience_list = list(themes), list(audiences)
    seen: dict[str, Card] = {}
    for card in cards:
        if card.id in known:
            other = known[card.id].pos
            r.error(card.pos, "DLG067", f"card '{card.id}' is already a card of the deck ({other.path}:{other.line}):"
                                        " give your card an id of its own")
        elif card.id in seen:
            r.error(card.pos, "DLG067", f"card '{card.id}' is in the file twice (first at line "
                                        f"{seen[card.id].pos.line})")
        seen.setdefault(card.id, card)
        for theme in card.themes:
            if theme_list and theme not in theme_list:
                r.error(card.pos, "DLG068", f"card '{card.id}' has unknown theme '{theme}'"
                                            f"{did_you_mean(theme, theme_list)} (the themes: {', '.join(theme_list)})")
        for audience in card.audiences:
            if audience_list and audience not in audience_list:
                hint = did_you_mean(audience, audience_list)
                r.error(card.pos, "DLG068", f"card '{card.id}' has unknown audience '{audience}'{hint}"
                                            f" (use: {', '.join(audience_list)})")
    return cards, sorted(r.problems, key=lambda p: (p.line, p.col))


def load_card_file(path: Path, known: dict[str, Card], themes: Iterable[str], audiences: Iterable[str]
                   ) -> list[Card]:
    """The cards of a trainer's card file, all of them or none: raises DeckError with every problem."""
    cards, problems = check_card_file(path, known, themes, audiences)
    if problems:
        raise DeckError(f"{path}: the card file has {len(problems)} problem(s); fix them and try again "
                        "(dialoog check --cards FILE lists them)", problems)
    return cards
