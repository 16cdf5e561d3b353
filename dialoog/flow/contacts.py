"""The people and organisations the advice refers to (`flows/contacts.yaml`), and the check of the referrals.

A contact is data of its own: what it is for (`remit`), how to reach it (`reach`, `url`), the public
source that says so and the date that was checked, and the audiences it serves. Advice items name
contact ids per audience. `dialoog check` reports a referral to an unknown contact or audience (DLG029),
a referral outside the contact's audiences (DLG035), and a referral of an audience to itself (DLG028:
the mayor sent to "the mayor").
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

from dialoog.flow.model import Contact
from dialoog.flow.problems import Pos, did_you_mean
from dialoog.flow.reader import Reader

if TYPE_CHECKING:
    from dialoog.flow.library import Library

CONTACT_KEYS = frozenset({"id", "name", "remit", "reach", "url", "audiences", "is", "source", "checked"})
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DEFAULT = "default"


def read_contacts(r: Reader, data: Any, pos: Pos) -> dict[str, Contact]:
    top = r.mapping(data, pos, "the contacts file")
    if top is None:
        return {}
    r.keys(top, {"contacts"}, "the contacts file")
    out: dict[str, Contact] = {}
    raw = r.items(top.get("contacts"), top.at("contacts"), "'contacts'")
    for i, item in enumerate(raw):
        m = r.mapping(item, raw.at(i), "a contact")
        if m is None:
            continue
        r.keys(m, CONTACT_KEYS, "a contact")
        contact_id = r.ident(m, "id", "a contact")
        if contact_id is None:
            continue
        what = f"contact '{contact_id}'"
        if contact_id in out:
            first = out[contact_id].pos
            r.error(m.at("id"), "DLG008", f"{what} is defined twice (first at {first.path}:{first.line})")
            continue
        checked = m.get("checked")
        if isinstance(checked, datetime.date):
            checked = checked.isoformat()
        if checked is None:
            r.error(m.pos, "DLG004", f"{what} needs 'checked' (the date its source was checked, YYYY-MM-DD)")
            checked = ""
        elif not isinstance(checked, str) or not DATE_RE.match(checked):
            r.error(m.at("checked"), "DLG026", f"'checked' of {what} must be a date written YYYY-MM-DD")
            checked = str(checked)
        audiences = r.strings(m, "audiences", what)
        if not audiences:
            r.error(m.pos, "DLG004", f"{what} needs 'audiences' (whom it serves)")
        holds = r.ident(m, "is", what, required=False)
        out[contact_id] = Contact(
            id=contact_id,
            name=r.get(m, "name", str, what, required=True, default=contact_id),
            remit=r.get(m, "remit", str, what, required=True, default=""),
            reach=r.get(m, "reach", str, what, required=True, default=""),
            audiences=audiences,
            source=r.get(m, "source", str, what, required=True, default=""),
            checked=checked,
            pos=m.pos,
            url=r.get(m, "url", str, what),
            holds=holds,
        )
    return out


def audiences_of(lib: Library) -> list[str]:
    """The audiences of the content: the values of `role_audience` in flows/domains.yaml, in order."""
    return list(dict.fromkeys(lib.role_audience.values()))


def check_contacts(r: Reader, lib: Library) -> None:
    """Every referral names a known contact and audience, within the contact's remit, never the audience itself.

    Content without flows/contacts.yaml names its contacts in words: nothing to check then.
    """
    contacts = lib.contacts
    if not contacts:
        return
    audiences = audiences_of(lib)
    known = set(audiences)
    for contact in contacts.values():
        for audience in contact.audiences:
            if audience not in known:
                r.error(contact.pos, "DLG029", f"contact '{contact.id}' names unknown audience '{audience}'"
                        f" (audiences: {', '.join(audiences)})")
        if contact.holds is not None and contact.holds not in known:
            r.error(contact.pos, "DLG029", f"contact '{contact.id}' is unknown audience '{contact.holds}'")
        elif contact.holds is not None and contact.holds in contact.audiences:
            r.error(contact.pos, "DLG028", f"contact '{contact.id}' is '{contact.holds}' itself and cannot serve"
                    f" '{contact.holds}'")
    for adv in lib.advice:
        for key, ids in adv.contacts.items():
            positions = adv.contact_pos.get(key) or []

            def at(index: int, positions: list[Pos] = positions, fallback: Pos = adv.pos) -> Pos:
                return positions[index] if index < len(positions) else fallback

            if key != DEFAULT and key not in known:
                r.error(at(0), "DLG029", f"advice '{adv.id}' has contacts for unknown audience '{key}'"
                        f" (audiences: {', '.join(audiences)}, or default){did_you_mean(key, [*known, DEFAULT])}")
            for i, contact_id in enumerate(ids):
                if contact_id not in contacts:
                    r.error(at(i), "DLG029", f"advice '{adv.id}' refers to unknown contact '{contact_id}'"
                            f" (not in flows/contacts.yaml){did_you_mean(contact_id, contacts)}")
        for audience in audiences:
            key = audience if audience in adv.contacts else DEFAULT
            via = "" if key == audience else " (through its default contacts)"
            positions = adv.contact_pos.get(key) or []
            for i, contact_id in enumerate(adv.contacts.get(key, [])):
                found = contacts.get(contact_id)
                if found is None:
                    continue
                contact = found
                pos = positions[i] if i < len(positions) else adv.pos
                if contact.holds == audience:
                    r.error(pos, "DLG028", f"advice '{adv.id}' refers a {audience} to '{contact_id}'"
                            f" ({contact.name}), that is to their own role{via}")
                elif audience not in contact.audiences:
                    r.error(pos, "DLG035", f"advice '{adv.id}' refers a {audience} to '{contact_id}'{via}, which"
                            f" does not serve '{audience}' (it serves: {', '.join(contact.audiences)})")
