"""The research export: anonymised figures only, CSV and JSON following the schema in docs/research-export.md;
none of the names or texts the user gave, no session id, dates by month."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from share_helpers import NAMES, OWN_COMMITMENT, TEXTS, canary_answers, canary_session, keep, leaks, play, recorded

from dialoog.cli import main
from dialoog.engine import Session
from dialoog.sharing.research import FIELDS, PATTERNS, Scan, month_of, research_row, research_rows, to_csv, to_json

DOC = Path(__file__).resolve().parents[2] / "docs" / "research-export.md"
WHEN = dt.datetime(2026, 12, 1, 13, 45, 12, tzinfo=dt.UTC)


def documented() -> dict[str, str]:
    """The fields table of docs/research-export.md: name (or pattern) -> type."""
    rows = re.findall(r"^\| `([^`]+)` \| ([a-z|\\]+) \| (.+?) \| (.+?) \|$", DOC.read_text(encoding="utf-8"), re.M)
    assert rows, "no fields table in docs/research-export.md"
    for name, _, meaning, example in rows:
        assert meaning.strip() and example.strip(), f"{name}: a meaning and an example"
    return {name: kind.replace("\\", "") for name, kind, _, _ in rows}


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"<[a-z]+>", "[a-z0-9_]+", re.escape(name).replace(r"\<", "<").replace(r"\>", ">")) + "$")


def kind_of(name: str, schema: dict[str, str]) -> str:
    if name in schema:
        return schema[name]
    matches = [kind for field, kind in schema.items() if "<" in field and _pattern(field).match(name)]
    assert matches, f"the field {name!r} is not in docs/research-export.md"
    return matches[0]


def fits(value: Any, kind: str) -> bool:
    checks = {"string": lambda v: isinstance(v, str), "integer": lambda v: isinstance(v, int) and not isinstance(
        v, bool), "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool), "null": lambda v: v is None}
    return any(checks[k](value) for k in kind.split("|"))


def test_the_code_and_the_documented_schema_name_the_same_fields() -> None:
    schema = documented()
    assert dict(FIELDS) | dict(PATTERNS) == schema


@pytest.fixture(scope="module")
def rows(canary_nl: Session) -> list[dict[str, Any]]:
    low = play({"role": "wethouder"}, "en")
    return research_rows([Scan(canary_nl, WHEN), Scan(low, WHEN - dt.timedelta(days=40))])


def test_a_json_export_follows_the_documented_schema(rows: list[dict[str, Any]]) -> None:
    schema = documented()
    data = json.loads(to_json(rows))
    assert isinstance(data, list) and len(data) == 2
    for row in data:
        assert list(row) == list(data[0])  # every object has the same keys
        for name, value in row.items():
            assert fits(value, kind_of(name, schema)), (name, value)
        assert all(name in row for name, _ in FIELDS)


def test_a_csv_export_has_one_row_per_scan_under_the_documented_header(rows: list[dict[str, Any]]) -> None:
    schema = documented()
    table = list(csv.reader(io.StringIO(to_csv(rows), newline="")))
    header, body = table[0], table[1:]
    assert len(body) == 2 and all(len(r) == len(header) for r in body)
    assert [name for name, _ in FIELDS] == header[: len(FIELDS)]
    for row in body:
        for name, cell in zip(header, row, strict=True):
            kind = kind_of(name, schema)
            if cell == "":
                assert "null" in kind or kind == "string", name
            elif "integer" in kind:
                assert re.fullmatch(r"-?\d+", cell), (name, cell)
            elif "number" in kind:
                float(cell)
            elif kind == "boolean":
                assert cell in ("true", "false")


def test_the_figures_are_those_of_the_scan(canary_nl: Session) -> None:
    row = research_row(Scan(canary_nl, WHEN))
    tally = canary_nl.tally()
    assert row["month"] == "2026-12" and row["flow"] == "scan" and row["content_hash"] == canary_nl.flow.content_hash
    assert row["network_entries"] == len(canary_nl.answers["network"]) == 3
    assert row["network.family"] == row["network.business"] == row["network.clubs"] == 1
    assert row["network.online"] == 0
    assert row["level.veiligheid"] == tally.levels["veiligheid"]
    assert row["points.belangenverstrengeling"] == tally.scores["belangenverstrengeling"]
    # the newspaper test (the developer's; no longer asked about the brother-in-law: family, privacy); a doubt
    assert row["signals.openbaarheid"] == 1 and row["signals.ondermijning"] == 1
    assert row["signals.belangenverstrengeling"] == 0
    answered_cards = {k.removeprefix("card."): v for k, v in row.items() if k.startswith("card.") and v}
    assert answered_cards and set(answered_cards.values()) <= {"a", "b", "c", "d"}
    assert 0 < row["diversity"] < 1
    assert row["answered"] > 20 and row["declined"] == 0


def test_no_names_no_free_text_no_session_id_in_either_format(canary_nl: Session, tmp_path: Path) -> None:
    rows = research_rows([Scan(canary_nl, WHEN)])
    for text in (to_csv(rows), to_json(rows)):
        assert leaks(text) == []
        assert "13:45" not in text and "2026-12-01" not in text  # the month only
    assert rows[0]["export_id"] != research_rows([Scan(canary_nl, WHEN)])[0]["export_id"]  # new every time


def test_the_canaries_would_be_found_where_they_are(canary_nl: Session) -> None:
    """The check itself can fail: the same canaries in the answers are found."""
    planted = json.dumps(canary_nl.to_dict(), ensure_ascii=False)
    assert set(NAMES) | set(TEXTS.values()) | {OWN_COMMITMENT} <= set(leaks(planted))


def test_dates_are_by_month_in_utc() -> None:
    assert month_of(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-2)))) == "2027-01"
    assert month_of(dt.datetime(2026, 3, 1, 0, 0, tzinfo=dt.UTC)) == "2026-03"


def test_dialoog_research_writes_every_finished_scan_without_names_or_session_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    ids = keep(data_dir, canary_session("nl"), play(canary_answers(), "en"))
    target = tmp_path / "research.json"
    assert main(["research", "--output", str(target), "--yes", "--data-dir", str(data_dir)]) == 0
    text = target.read_text(encoding="utf-8")
    data = json.loads(text)
    assert len(data) == 2 and {r["lang"] for r in data} == {"nl", "en"}
    assert leaks(text) == [] and not any(sid in text for sid in ids)
    assert all(re.fullmatch(r"\d{4}-\d{2}", r["month"]) for r in data)
    (consent,) = recorded(data_dir)
    assert consent.export == "research" and sorted(consent.sessions) == sorted(ids)
    assert "diversity" in consent.parts and "names" in consent.left_out
    assert str(target) in capsys.readouterr().out
