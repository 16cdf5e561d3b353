"""The participant's pages: plain HTML that works without JavaScript, for a phone.

Every text from the card is escaped; the only style sheet is inline and allowed by its hash in the
Content-Security-Policy, so the page runs no script and loads nothing else. The page refreshes itself every
few seconds (a meta refresh) to follow the trainer to the next card.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from dialoog.i18n import UI
from dialoog.live.state import CardView

REFRESH_SECONDS = 3

CSS = (
    "body{margin:0;font:1.15rem/1.45 system-ui,sans-serif;background:#fff;color:#111}"
    "main{max-width:40rem;margin:0 auto;padding:1rem}"
    "header{font-size:.95rem;color:#444;border-bottom:1px solid #ccc;padding-bottom:.4rem}"
    "h1{font-size:1.4rem;margin:.8rem 0 .4rem}"
    ".status{background:#eef4ff;border-left:.35rem solid #1a4fd6;padding:.6rem .8rem;margin:1rem 0}"
    ".closed{background:#f3f3f3;border-left-color:#666}"
    "form{margin:0}"
    "button{display:flex;gap:.8rem;align-items:center;width:100%;min-height:3.6rem;margin:.5rem 0;"
    "padding:.6rem .8rem;font:inherit;text-align:left;background:#f7f7f7;color:#111;"
    "border:2px solid #999;border-radius:.6rem}"
    "button .key{flex:none;display:inline-block;width:2.4rem;height:2.4rem;line-height:2.4rem;"
    "text-align:center;font-weight:700;font-size:1.3rem;background:#111;color:#fff;border-radius:.4rem}"
    "button.chosen{border-color:#1a4fd6;background:#e4ecff;font-weight:600}"
    "button:disabled{color:#555}"
)
CSS_HASH = "sha256-" + base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; "
    f"style-src '{CSS_HASH}'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
"""No script, no image, no frame, no other site: only the inline style sheet above and forms to this site."""

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def _doc(ui: UI, body: str, refresh: bool) -> str:
    meta = f'<meta http-equiv="refresh" content="{REFRESH_SECONDS}">' if refresh else ""
    return (
        f'<!doctype html><html lang="{escape(ui.lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{meta}<title>{escape(ui._('Live vote'))}</title><style>{CSS}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def _paragraphs(text: str) -> str:
    parts = [p.strip() for p in text.replace("\r", "").split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in parts)


def card_page(ui: UI, code: str, view: CardView | None, open: bool, chosen: str | None, form_token: str) -> str:
    """The page of a participant: the card, the options as large buttons, and what they voted."""
    head = f"<header>{escape(ui._('Live vote'))} · {escape(ui._('code'))} <b>{escape(code)}</b></header>"
    if view is None:
        return _doc(ui, head + f'<p class="status">{escape(ui._("Wait for the trainer to show a card."))}</p>',
                    refresh=True)
    parts = [head]
    if view.number and view.total:
        parts.append(f"<p>{escape(ui._('Card {n} of {total}', n=view.number, total=view.total))}</p>")
    parts.append(f"<h1>{escape(view.title)}</h1>")
    parts.append(_paragraphs(view.situation))
    if view.question:
        parts.append(f"<p><b>{escape(view.question)}</b></p>")
    labels = {k: t for k, t in view.options}
    if not view.options:
        parts.append(f'<p class="status">{escape(ui._("The options follow when the trainer shows them."))}</p>')
    else:
        if open and chosen:
            status = ui._("Your vote: {key}. You can change it until voting closes.", key=chosen.upper())
            parts.append(f'<p class="status" role="status">{escape(status)}</p>')
        elif open:
            parts.append(f'<p class="status">{escape(ui._("Choose an option."))}</p>')
        elif chosen and chosen in labels:
            status = ui._("Voting is closed. Your vote: {key}.", key=chosen.upper())
            parts.append(f'<p class="status closed" role="status">{escape(status)}</p>')
        else:
            parts.append(f'<p class="status closed">{escape(ui._("Voting is closed."))}</p>')
        disabled = "" if open else " disabled"
        buttons = []
        for key, text in view.options:
            cls = ' class="chosen" aria-pressed="true"' if key == chosen else ""
            buttons.append(
                f'<button type="submit" name="option" value="{escape(key)}"{cls}{disabled}>'
                f'<span class="key">{escape(key.upper())}</span><span>{escape(text)}</span></button>'
            )
        parts.append(
            f'<form method="post" action="/{escape(code)}/vote">'
            f'<input type="hidden" name="card" value="{escape(view.card_id)}">'
            f'<input type="hidden" name="form" value="{escape(form_token)}">'
            + "".join(buttons) + "</form>"
        )
    return _doc(ui, "".join(parts), refresh=True)


def message_page(ui: UI, text: str, code: str | None = None) -> str:
    """A short page that says what went wrong (and links back to the session when there is one)."""
    back = f'<p><a href="/{escape(code)}">{escape(ui._("Back to the vote"))}</a></p>' if code else ""
    return _doc(ui, f'<p class="status">{escape(text)}</p>{back}', refresh=False)
