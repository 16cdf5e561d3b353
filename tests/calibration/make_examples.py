"""Writes the calibration examples tests/calibration/*.yaml from one low-risk base and each example's changes.

The files are what the tests read; run this (`python tests/calibration/make_examples.py` from the repository)
after changing an example here, and add its expected levels to expected.yaml.
"""

from __future__ import annotations

import copy
import pathlib
from typing import Any

import yaml

BASE: dict[str, Any] = {
    "role": "topambtenaar",
    "portfolio": {"skip": True},
    "earlier_positions": {"skip": True},
    "scan_moment": "eerste",
    "financial_interests": ["funds"],
    "side_positions": "no",
    "previous_employers": "no",
    "revolving_door": "no",
    "family_interests": "no",
    "gifts_frequency": 1,
    "past_conduct": "no",
    "disputes": "no",
    "online_presence": ["nothing"],
    "online_check": "yes",
    "dependencies": ["none"],
    "confidential_information": "no",
    "confidential_habits": ["none"],
    "foreign_contacts_any": "no",
    "personal_safety": 4,
    "home_security_check": "done",
    "safety_agreements": "yes",
    "aggression_norm": "yes",
    "intimidation": "no",
    "undue_influence": "no",
    "self_other": {"skip": True},
    "network": [],
    "diversity_sector": 4,
    "easy_access": "equal",
    "diversity_background": 4,
    "diversity_views": 4,
    "advice_from": ["professional", "colleagues"],
    "who_turns_to_you": {"skip": True},
    "bel_partner_bij_bedrijf": "a",
    "dd_baan_adviesbureau": "a",
    "druk_haast_vergunning": "a",
}
ORDINARY = {"closeness": 2, "contact_frequency": "monthly", "policy_interest": "no", "financial_ties": "no",
            "government_dealings": "no", "integrity_concerns": "no", "could_pressure": "no",
            "comfortable_public": "yes", "approached": "no", "favours": "no", "gifts": "no"}


DETAILS = ("financial_ties", "integrity_concerns", "could_pressure")
"""The follow-ups the network loop asks only after 'yes' to its screening question `check_more`."""


def contact(name: str, category: str = "business", **answers: Any) -> dict[str, Any]:
    """A contact on the map; the screening answers follow from the details given (something to look at: a
    detail that is not 'no'; an interest in one's work: in policy or through dealings with the government)."""
    given = {**ORDINARY, **answers}
    given["check_more"] = "yes" if any(given[k] != "no" for k in DETAILS) else "no"
    if given["government_dealings"] == "yes":
        given["policy_interest"] = "yes"
    return {"name": name, "category": category, **given}

COLLEAGUE = contact("oud-collega B.")
D = {"decline": True}

EXAMPLES: dict[str, tuple[str, dict[str, Any]]] = {
    "clean": ("All lowest-risk answers, one ordinary contact on the map.", {"network": [COLLEAGUE]}),
    "shares_affected": ("Shares that the user's own decisions can affect.",
                        {"network": [COLLEAGUE], "financial_interests": ["shares"], "financial_policy_link": "yes"}),
    "ten_colleagues": ("Ten ordinary colleagues, each with an interest in the policy area and dealings with the "
                       "government, mapped honestly: no financial ties, doubts or pressure.",
                       {"network": [contact(f"collega {i}", policy_interest="yes", government_dealings="yes",
                                            contact_frequency="weekly") for i in range(1, 11)]}),
    "nobody_mapped": ("Everything answered, nobody on the network map.", {}),
    "volunteer": ("Unpaid volunteering without a board role, all kept.",
                  {"network": [COLLEAGUE], "side_positions": "yes", "side_positions_kind": ["volunteer"],
                   "side_positions_list": {"skip": True}, "side_positions_continue": "all"}),
    "children_newspaper": ("Two of one's own children on the map; 'no' on the newspaper test (privacy).",
                           {"network": [contact("kind 1", "family", closeness=5, contact_frequency="daily",
                                                comfortable_public="no"),
                                        contact("kind 2", "family", closeness=5, contact_frequency="daily",
                                                comfortable_public="no")]}),
    "private_loan": ("A loan from someone in one's network, talked about.",
                     {"network": [COLLEAGUE], "dependencies": ["private_loan"], "dependencies_talk": "yes"}),
    "debts": ("Debts that are hard to pay off, talked about.",
              {"network": [COLLEAGUE], "dependencies": ["debts"], "dependencies_talk": "yes"}),
    "diversity_middle": ("The neutral middle (3) of every diversity scale.",
                         {"network": [COLLEAGUE], "diversity_sector": 3, "diversity_background": 3,
                          "diversity_views": 3}),
    "contact_interest_money": ("One contact with an interest in the policy area and financial ties.",
                               {"network": [COLLEAGUE, contact("zwager R.", "family", policy_interest="yes",
                                                               financial_ties="yes", closeness=4)]}),
    "contact_concerns": ("One contact about whom the user has concrete concerns.",
                         {"network": [COLLEAGUE, contact("projectontwikkelaar P.", integrity_concerns="concerns")]}),
    "contact_pressure": ("One contact who could put the user under pressure.",
                         {"network": [COLLEAGUE, contact("vriend T.", "friends", could_pressure="yes")]}),
    "talks_inside": ("Talks about a next job with organisations within one's own policy area.",
                     {"network": [COLLEAGUE], "revolving_door": "talks_inside"}),
    "declines_everything": ("Every question that allows it answered 'prefer not to say', nobody mapped.",
                            {"financial_interests": D, "revolving_door": D, "family_interests": D,
                             "past_conduct": D, "disputes": D, "foreign_contacts_any": D, "online_presence": D,
                             "dependencies": D, "personal_safety": D,
                             "intimidation": D, "undue_influence": D, "self_other": D}),
    "declines_everything_mapped": ("Every question that allows it answered 'prefer not to say', also for the "
                                   "two contacts on the map.",
                                   {"financial_interests": D, "revolving_door": D, "family_interests": D,
                                    "past_conduct": D, "disputes": D, "foreign_contacts_any": D, "online_presence": D,
                                    "dependencies": D,
                                    "personal_safety": D, "intimidation": D, "undue_influence": D, "self_other": D,
                                    "network": [contact("oud-collega B.", integrity_concerns=D, could_pressure=D),
                                                contact("buurman K.", "friends", integrity_concerns=D,
                                                        could_pressure=D)]}),
    "four_levels": ("One profile with all four levels (for the views test): affected shares and talks inside "
                    "the policy area (high), a contact with concrete concerns (attention), the safety questions "
                    "declined (not enough to go on).",
                    {"network": [COLLEAGUE, contact("projectontwikkelaar P.", integrity_concerns="concerns")],
                     "financial_interests": ["shares"], "financial_policy_link": "yes",
                     "revolving_door": "talks_inside", "personal_safety": D, "intimidation": D,
                     "online_presence": D, "gift_bekerfinale": "a"}),
    "declines_safety": ("Only the safety questions declined; the rest answered.",
                        {"network": [COLLEAGUE], "personal_safety": D, "intimidation": D, "online_presence": D}),
}


class NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def main() -> None:
    out = pathlib.Path("tests/calibration")
    for name, (why, changes) in EXAMPLES.items():
        write(out, name, why, changes)


def write(out: pathlib.Path, name: str, why: str, changes: dict[str, Any]) -> None:
    answers = copy.deepcopy(BASE)
    answers.update(copy.deepcopy(changes))
    text = (f"# {why}\n# Expected levels: tests/calibration/expected.yaml; "
            f"run: dialoog play scan --answers {out / (name + '.yaml')}\n")
    text += yaml.dump(answers, Dumper=NoAliases, allow_unicode=True, sort_keys=False, width=110)
    (out / f"{name}.yaml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
