"""A program that crashes after the network question, with the names given in reach of a traceback.

Test-only: `install()` replaces the engine's `holds` (as `dialoog.engine.session` sees it) by
one whose conditions raise as soon as the context holds a network answer: the exception's message and a
local variable both hold `CANARY` and the names given, and the frames above hold the answers. This
stands for any content or engine bug that fails at run time (the review's `lang|nosuchfilter`, which
content checks will catch one day); it does not depend on what content passes `dialoog check`.

Run as a script, it installs the trick and then runs `dialoog` with the given arguments:
`python tests/crashing.py --flow tui` is the real program, crashing after the network question.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any

CANARY = "CNRYLOCAL7Q"
"""In a local variable and in the exception's message."""
NAME = "CNRYNAME4Z"
"""The name a test gives in the network question (it is then in the engine's locals and the message)."""


class ConditionFailed(RuntimeError):
    pass


def _has_network_answer(ctx: Mapping[str, Any]) -> bool:
    return any(isinstance(v, list) and any(isinstance(e, dict) and "name" in e for e in v) for v in ctx.values())


def install(put: Callable[[Any, str, Any], None] = setattr) -> None:
    """The trick; `put` is `monkeypatch.setattr` in a test (undone after it), `setattr` in a script."""
    import dialoog.engine.session as session_module

    real = session_module.holds

    def holds(source: str, ctx: Mapping[str, Any]) -> bool:
        if _has_network_answer(ctx):
            secret = f"{CANARY} " + repr({k: v for k, v in ctx.items() if isinstance(v, list)})
            raise ConditionFailed(f"condition {source!r} failed: {secret}")
        return real(source, ctx)

    put(session_module, "holds", holds)


if __name__ == "__main__":
    install()
    from dialoog.cli import main

    sys.exit(main(sys.argv[1:]))
