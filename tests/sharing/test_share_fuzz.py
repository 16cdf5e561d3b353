"""Property: whatever names and texts a user types, the research export and the default shared version hold
none of them, in any form. Examples: DIALOOG_SHARE_EXAMPLES (default 12)."""

from __future__ import annotations

import datetime as dt
import json
import os
import string
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from share_helpers import canary_answers, forms, play

from dialoog.engine.agenda import commitment
from dialoog.sharing.research import Scan, research_rows, to_csv, to_json
from dialoog.sharing.shared import shared_text

ALPHABET = string.ascii_letters + string.digits + " &<>\"'*_[]()#`\\|éøßЖ漢"
WORDS = st.text(ALPHABET, min_size=4, max_size=24)


def _typed(core: str, n: int) -> str:
    """A typed text with markers no content text holds, so finding it means it leaked."""
    return f"Qv{n:02d}{core.strip() or 'x'}Jk"


@settings(max_examples=int(os.environ.get("DIALOOG_SHARE_EXAMPLES", "12")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(WORDS, min_size=1, max_size=3), texts=st.lists(WORDS, min_size=3, max_size=3),
       own=WORDS, lang=st.sampled_from(["nl", "en"]))
def test_nothing_the_user_typed_is_in_the_research_export_or_the_default_shared_version(
    names: list[str], texts: list[str], own: str, lang: str
) -> None:
    answers: dict[str, Any] = canary_answers()
    typed_names = [_typed(n, i) for i, n in enumerate(names)]
    answers["network"] = [dict(e, name=name) for e, name in zip(answers["network"], typed_names, strict=False)]
    typed_texts = [_typed(t, 10 + i) for i, t in enumerate(texts)]
    answers.update(zip(("portfolio", "earlier_positions", "self_other"), typed_texts, strict=True))
    session = play(answers, lang)
    own_words = _typed(own, 20)
    top = session.summary().top_advice
    session.set_agenda([commitment(own_words)] + ([commitment(top[0].steps[0], advice=top[0].id, step=0)]
                                                  if top and top[0].steps else []))
    planted = [*typed_names, *typed_texts, own_words]
    stored = json.dumps(session.to_dict(), ensure_ascii=False)
    assert all(p[:4] in stored for p in planted)  # they are in the answers
    rows = research_rows([Scan(session, dt.datetime(2026, 12, 1, tzinfo=dt.UTC))])
    for text in (to_csv(rows), to_json(rows), shared_text(session)):
        folded = text.casefold()
        for typed in planted:
            assert not any(f in text for f in forms(typed)), typed
            assert typed.casefold() not in folded
