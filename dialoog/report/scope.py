"""What a report (or a shared version of it) contains.

A :class:`Scope` names the parts of a report. Everything a scope leaves out is
absent from the report model built with it, not just hidden when rendering.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Scope:
    levels: bool = True  # each domain's level and meaning
    top_actions: bool = True  # the three main actions (titles, steps, whom to turn to)
    agenda: bool = True  # the commitments (own words count as free text: see free_text)
    advice: bool = True  # the rest of the advice
    because: bool = True  # "because you answered ...": the question and the answer given
    network_names: bool = True  # names of network entries (map labels, advice "about")
    network_map: bool = True  # the map (as SVG; without names when network_names is False)
    free_text: bool = True  # anything the user typed: text answers, reflections, own commitments
    compare: bool = True  # the comparison with the previous scan
    starters: bool = True  # conversation starters

    @classmethod
    def shared(cls) -> Scope:
        """The default of a shared version: levels, top actions and agenda.

        No names, no free text, no "because", no map, no comparison, no starters.
        """
        return cls(
            levels=True,
            top_actions=True,
            agenda=True,
            advice=False,
            because=False,
            network_names=False,
            network_map=False,
            free_text=False,
            compare=False,
            starters=False,
        )

    def as_json(self) -> dict[str, bool]:
        """The parts by name, each included (True) or left out (False)."""
        return {name: bool(value) for name, value in asdict(self).items()}
