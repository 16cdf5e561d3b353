"""A finished scan with canaries planted in everything the user typed or named, for the export tests.

The canaries are names of network entries, text answers and an agenda commitment in the user's own words. An
export that must hold no names and no free text holds none of them in any form: not as typed, not
lowercased, not escaped for HTML, XML or JSON, and not any distinctive word of them.
"""

from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import yaml

from dialoog.engine import Session, Turn
from dialoog.engine.agenda import commitment
from dialoog.flow.library import load_library
from dialoog.flow.model import Flow
from dialoog.locations import content_root
from dialoog.play import auto, from_file, run

ROOT = content_root()
PROFILES = Path(__file__).resolve().parent.parent / "profiles"

NAMES = ("Canaryvogel Jansen", "Zzyzx BV", "Ørnulf & <Qwibble> \"Co\"")
TEXTS = {
    "portfolio": "Kanariegeel Xylofoonbeleid",
    "earlier_positions": "Directeur bij Vlinderbrug Holding",
    "self_other": "Mijn zwager Quokkamuis vraagt naar de aanbesteding & <b>prijs</b>",
}
OWN_COMMITMENT = "Ik bespreek het Wombatplan met mijn zwager"
CANARIES = (*NAMES, *TEXTS.values(), OWN_COMMITMENT)
TOKENS = ("Canaryvogel", "Zzyzx", "Ørnulf", "Qwibble", "Kanariegeel", "Xylofoon", "Vlinderbrug", "Quokkamuis",
          "Wombatplan")
"""Distinctive words of the canaries: none may appear, whatever the casing."""


@cache
def scan() -> Flow:
    return load_library(ROOT).flow("scan")


def canary_answers() -> dict[str, Any]:
    data = yaml.safe_load((PROFILES / "golden_wethouder_zwager.yaml").read_text(encoding="utf-8"))
    answers = {str(k): ("yes" if v is True else "no" if v is False else v) for k, v in data["answers"].items()}
    answers = {"role": data["role"], **answers, **TEXTS}
    network = [dict(e) for e in answers["network"]]
    for entry, name in zip(network, NAMES, strict=False):
        entry["name"] = name
    answers["network"] = network
    return answers


def play(answers: dict[str, Any], lang: str) -> Session:
    flow = scan()
    given, low = from_file(flow, answers), auto("low")

    def answer(session: Session, turn: Turn) -> Any:
        return (given if turn.node in answers else low)(session, turn)

    session = Session(flow, lang, ROOT)
    run(session, answer)
    return session


def canary_session(lang: str = "nl") -> Session:
    """The wethouder's golden profile with canaries for names and text answers, finished, with an agenda of
    one advice step and one commitment in the user's own words."""
    session = play(canary_answers(), lang)
    assert session.finished
    top = session.summary().top_advice[0]
    session.set_agenda([
        commitment(top.steps[0], advice=top.id, step=0, due="2027-03-01"),
        commitment(OWN_COMMITMENT),
    ])
    return session


def forms(canary: str) -> set[str]:
    """The ways a canary could show up in a file."""
    out = {canary, canary.lower(), canary.upper(), canary.casefold(), html.escape(canary), xml_escape(canary),
           html.escape(canary, quote=False), json.dumps(canary)[1:-1], json.dumps(canary, ensure_ascii=False)[1:-1]}
    return {f for f in out if f}


def leaks(text: str) -> list[str]:
    """The canaries (in any form) and canary words found in `text`."""
    found = [c for c in CANARIES for f in forms(c) if f in text]
    folded = text.casefold()
    found += [t for t in TOKENS if t.casefold() in folded or html.escape(t).casefold() in folded]
    return sorted(set(found))


PASS = "correct horse battery staple"


def keep(data_dir: Path, *sessions: Session) -> list[str]:
    """Save finished sessions in a new store (cheapest scrypt), in order; their ids."""
    from dialoog.keeping.keeper import Keeper
    from dialoog.store import FAST_KDF, Store

    ids = []
    with Store.open(data_dir, PASS, kdf=FAST_KDF) as store:
        keeper = Keeper(store)
        for session in sessions:
            keeper.session_id = None
            keeper.start(session)
            keeper.save(session)
            assert keeper.session_id is not None
            ids.append(keeper.session_id)
    return ids


def recorded(data_dir: Path) -> list[Any]:
    """The consents recorded in the store at `data_dir`."""
    from dialoog.sharing.consent import consents
    from dialoog.store import Store

    with Store.open(data_dir, PASS) as store:
        return consents(store)
