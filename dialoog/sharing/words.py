"""What the user reads before agreeing to an export (the program's words: English source, Dutch in
locales/nl/LC_MESSAGES/ui-share.po)."""

from __future__ import annotations

from typing import Any


def part_names(ui: Any) -> dict[str, str]:
    """The parts of a shared version in words, by their Scope field names."""
    _ = ui._
    return {
        "levels": _("the level of each theme and what it means"),
        "top_actions": _("the three main actions: what to do, and whom to turn to"),
        "agenda": _("your commitments (those in your own words only with free text)"),
        "advice": _("the rest of the advice"),
        "because": _("\"because you answered\": the questions and your answers"),
        "network_names": _("the names on your network map"),
        "network_map": _("the network map (without names unless names are included)"),
        "free_text": _("everything you typed yourself: text answers and your own commitments"),
        "compare": _("the comparison with your previous scan"),
        "starters": _("conversation starters"),
    }


def shared_consent(ui: Any, parts: tuple[str, ...], left_out: tuple[str, ...]) -> str:
    names = part_names(ui)
    _ = ui._
    lines = [_("Shared version: you decide who gets this file. It holds exactly the text shown above.")]
    lines.append(_("In it:"))
    lines += [f"  + {names.get(p, p)}" for p in parts]
    if left_out:
        lines.append(_("Not in it:"))
        lines += [f"  - {names.get(p, p)}" for p in left_out]
    lines.append(_("Your consent is kept with your answers (encrypted): what, when, and which content version."))
    return "\n".join(lines)


def research_consent(ui: Any, count: int) -> str:
    _ = ui._
    return "\n".join([
        ui.ngettext("Research export of {n} scan.", "Research export of {n} scans.", count),
        _("In it: per theme the level and the points; how many questions you answered, declined or skipped; how "
          "many people and organisations per group are on your network map and how many risk signals per theme "
          "they give; the options you chose on the dilemma cards; the diversity figure of your network; the month "
          "of the scan and the content version."),
        _("Not in it: names, anything you typed yourself, your other answers, the id of your scan, exact dates. "
          "Each scan gets a new random number, so the file cannot be linked to your saved scans."),
        _("It is meant for researchers who study integrity and network awareness. dialoog sends nothing: you "
          "decide to whom you give the file."),
        _("Your consent is kept with your answers (encrypted): what, when, and which content version."),
    ])


def network_consent(ui: Any, names: bool, entries: int) -> str:
    _ = ui._
    lines = [ui.ngettext("Network as GraphML: you and {n} entry of your network map.",
                         "Network as GraphML: you and {n} entries of your network map.", entries),
             _("In it: each entry's group, closeness, risk signals and your answers about it.")]
    lines.append(_("With the names you gave and what you typed about them. Leave those out with --no-names.")
                 if names else _("Without names and without anything you typed: entries by number only."))
    lines.append(_("dialoog sends nothing: you decide to whom you give the file."))
    lines.append(_("Your consent is kept with your answers (encrypted): what, when, and which content version."))
    return "\n".join(lines)


def export_names(ui: Any) -> dict[str, str]:
    _ = ui._
    return {"shared": _("shared version"), "research": _("research export"), "network": _("network (GraphML)")}


__all__ = ["export_names", "network_consent", "part_names", "research_consent", "shared_consent"]
