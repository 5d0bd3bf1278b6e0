"""6 months, 9 months and the year computed from the quarters; missing figures named, never printed as zero."""
from __future__ import annotations

import json
import random
from pathlib import Path

import docx
import pytest

from tests.factories import build_department
from tthc_desktop.cli.main import run
from tthc_desktop.domain.periods import Period
from tthc_desktop.services import forms, report
from tthc_desktop.services.period_figures import period_figures

UNITS = ("Chi cục Kiểm lâm", "Chi cục Thủy sản")


def _quarter_rows(rng: random.Random, carried: int) -> dict[int, int]:
    online, direct = rng.randint(5, 90), rng.randint(3, 60)
    received = online + direct + carried
    pending = rng.randint(0, received // 5)
    solved = received - pending
    late = rng.randint(0, solved // 20)
    early = rng.randint(0, solved - late)
    pending_late = rng.randint(0, pending)
    return {3: received, 4: online, 5: direct, 6: carried, 7: solved, 8: early, 9: solved - late - early, 10: late,
            11: pending, 12: pending - pending_late, 13: pending_late}


def _rule(quarters: list[dict[int, int]]) -> dict[int, int]:
    """The issue's rule written out independently of the definition file."""
    out = {c: sum(q[c] for q in quarters) for c in (4, 5, 7, 8, 9, 10)}
    out[6] = quarters[0][6]
    out.update({c: quarters[-1][c] for c in (11, 12, 13)})
    out[3] = out[4] + out[5] + out[6]
    return out


@pytest.fixture
def year_of_figures(db):
    """Two units × their fields, four quarters of II.06a each quarter carrying the last one's pending."""
    from sqlalchemy import select

    from tthc_desktop.storage.models import Field, Unit

    ids = build_department(db)
    with db.session() as s:
        by_name = {f.name: f for f in s.scalars(select(Field))}
        for unit in s.scalars(select(Unit)):
            unit.handles_dossiers = unit.name in UNITS
            unit.fields = ([by_name["Lâm nghiệp"]] if unit.name == UNITS[0] else
                           [by_name["Thủy sản"], by_name["Thủy lợi"]] if unit.name == UNITS[1] else [])
    fields = {f.name: f.field_id for f in forms.unit_field_rows(db, None)}
    rng = random.Random(7)
    stored: dict[tuple[str, str], list[dict[int, int]]] = {}
    for unit in UNITS:
        mine = [fields["Lâm nghiệp"]] if unit == "Chi cục Kiểm lâm" else [fields["Thủy sản"], fields["Thủy lợi"]]
        carried = {fid: rng.randint(0, 9) for fid in mine}
        for q in range(1, 5):
            rows = {}
            for fid in mine:
                rows[fid] = _quarter_rows(rng, carried[fid])
                carried[fid] = rows[fid][11]
                stored.setdefault((unit, fid), []).append(rows[fid])
            forms.save_unit_figures(db, "II.06a", Period(2024, f"Q{q}"), ids["units"][unit], rows)
    return ids, stored


@pytest.mark.parametrize("code, count", [("2024H1", 2), ("2024M9", 3), ("2024Y", 4)])
def test_cumulative_totals_follow_the_quarter_rule(db, year_of_figures, code, count):
    _, stored = year_of_figures
    found = period_figures(db, "II.06a", Period.parse(code))
    by_field = {row.field_id: values for row, values in found.rows}
    for (_, fid), quarters in stored.items():
        assert by_field[fid] == _rule(quarters[:count])
    d = found.definition
    total = d.total(list(by_field.values()))
    assert total[3] == total[4] + total[5] + total[6]
    assert not found.missing and not [w for w in found.warnings if "phải bằng" in w]


def test_a_directly_entered_cumulative_figure_wins_and_a_disagreement_is_a_warning(db, year_of_figures):
    ids, stored = year_of_figures
    fid = next(f for (u, f) in stored if u == "Chi cục Kiểm lâm")
    entered = _rule(stored[("Chi cục Kiểm lâm", fid)][:2])
    entered[4] += 2
    entered[5] -= 2
    entered[8] += 1
    entered[9] -= 1
    forms.save_unit_figures(db, "II.06a", Period(2024, "H1"), ids["units"]["Chi cục Kiểm lâm"], {fid: entered})
    found = period_figures(db, "II.06a", Period(2024, "H1"))
    assert next(v for r, v in found.rows if r.field_id == fid) == entered
    disagreements = [w for w in found.warnings if "nhập trực tiếp" in w]
    assert len(disagreements) == 4 and all("Chi cục Kiểm lâm" in w for w in disagreements)


def test_a_missing_quarter_makes_the_unit_missing_not_zero(db, year_of_figures):
    ids, _ = year_of_figures
    with db.session() as s:
        from sqlalchemy import delete

        from tthc_desktop.storage.models import FormFigure

        s.execute(delete(FormFigure).where(FormFigure.period == "2024Q3",
                                           FormFigure.unit_id == ids["units"]["Chi cục Thủy sản"]))
    found = period_figures(db, "II.06a", Period(2024, "M9"))
    assert {m.unit for m in found.missing} == {"Chi cục Thủy sản"}
    assert {m.field for m in found.missing} == {"Thủy sản", "Thủy lợi"}
    assert "Chưa có số liệu của: Chi cục Thủy sản." == found.missing_text()
    assert any("Quý III năm 2024" in w for w in found.warnings)
    assert [r.name for r, _ in found.rows] == ["Lâm nghiệp"]  # the department sums only what exists


# ---- on the reproducible demo (tthc demo --year 2024) ----
@pytest.fixture(scope="module")
def demo_2024(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo2024") / "demo.sqlite3"
    assert run(["demo", "--year", "2024", "--db", str(path)]) == 0
    return path


def _show(path, code, capsys) -> dict:
    capsys.readouterr()
    assert run(["--db", str(path), "forms", "show", "II.06a", "--period", code, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_demo_h1_totals_are_q1_and_q2_by_the_rule_and_the_h1_report_states_them(demo_2024, capsys, tmp_path):
    q1, q2, h1 = (_show(demo_2024, c, capsys) for c in ("2024Q1", "2024Q2", "2024H1"))
    rows = {}
    for q in (q1, q2):
        for row in q["rows"]:
            rows.setdefault(row["field"], []).append({int(k): v for k, v in row["values"].items()})
    expected = {c: 0 for c in range(3, 14)}
    for quarters in rows.values():
        for c, v in _rule(quarters).items():
            expected[c] += v
    assert {int(k): v for k, v in h1["total"].items()} == expected
    assert h1["missing"] == []
    capsys.readouterr()
    assert run(["--db", str(demo_2024), "report", "build", "--period", "2024H1", "--out", str(tmp_path)]) == 0
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / report.report_file_name(Period(2024, "H1")))).paragraphs)
    from tthc_desktop.domain.text import format_number

    for c in (3, 4, 5, 6, 7, 11):
        assert format_number(expected[c]) in text
    assert "6 tháng đầu năm 2024" in text and "không tiếp nhận" not in text


def test_a_period_without_figures_says_whose_are_missing_and_strict_exits_4(demo_2024, capsys, tmp_path):
    capsys.readouterr()
    out = tmp_path / "q3"
    assert run(["--db", str(demo_2024), "report", "build", "--period", "2024Q3", "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["missing"] and set(result["missing"][0]) == {"unit", "form", "field"}
    assert {m["form"] for m in result["missing"]} == {"II.05a", "II.06a"}
    assert any("Chi cục Kiểm lâm" in w and "Chưa có số liệu" in w for w in result["warnings"])
    body = "\n".join(p.text for p in docx.Document(str(out / report.report_file_name(Period(2024, "Q3")))).paragraphs)
    assert "Chưa có số liệu của: Chi cục Kiểm lâm" in body
    for false_claim in ("không tiếp nhận", "tiếp nhận 0", "hoàn thành 0", "đã giải quyết: 0"):
        assert false_claim not in body
    strict_out = tmp_path / "strict"
    assert run(["--db", str(demo_2024), "report", "build", "--period", "2024Q3", "--out", str(strict_out),
                "--strict"]) == 4
    err = capsys.readouterr().err
    assert "Chưa đủ số liệu" in err and "Chi cục Kiểm lâm" in err
    assert not strict_out.exists() or not any(strict_out.iterdir())
    assert run(["--db", str(demo_2024), "report", "build", "--period", "2024Q2", "--out", str(strict_out),
                "--strict"]) == 0


def test_the_window_gets_the_same_warnings_before_building(demo_2024):
    from tthc_desktop.services.report_checks import check_report
    from tthc_desktop.storage.database import open_database

    db = open_database(demo_2024)
    try:
        check = check_report(db, Period(2024, "Q3"))
        assert check.has_missing and any("Chưa có số liệu" in w for w in check.warnings)
        assert not check_report(db, Period(2024, "Q1")).has_missing
    finally:
        db.close()


# ---- II.05a: (6)/(7) split the whole intake by content ----
def _pakn(carried: int, new: int, by_rule: int, handled: int, published: int) -> dict[int, int]:
    received = carried + new
    return {3: received, 4: carried, 5: new, 6: by_rule, 7: received - by_rule, 8: handled, 9: published,
            10: received - handled}


@pytest.fixture
def pakn_unit(db):
    from sqlalchemy import select

    from tthc_desktop.storage.models import Field, Unit

    ids = build_department(db)
    with db.session() as s:
        field = s.scalars(select(Field).where(Field.name == "Lâm nghiệp")).one()
        for unit in s.scalars(select(Unit)):
            unit.handles_dossiers = unit.name == UNITS[0]
            unit.fields = [field] if unit.name == UNITS[0] else []
        fid = field.id
    return ids["units"][UNITS[0]], fid


def _save_pakn(db, unit_id, fid, quarter: int, values: dict[int, int]) -> None:
    forms.save_unit_figures(db, "II.05a", Period(2024, f"Q{quarter}"), unit_id, {fid: values})


def test_pakn_by_content_is_blank_for_six_months_when_a_quarter_carried_some_in(db, pakn_unit, tmp_path):
    unit_id, fid = pakn_unit
    q1 = _pakn(carried=2, new=10, by_rule=7, handled=9, published=4)
    q2 = _pakn(carried=q1[10], new=6, by_rule=5, handled=8, published=5)  # Q1's 3 pending come in again
    _save_pakn(db, unit_id, fid, 1, q1)
    _save_pakn(db, unit_id, fid, 2, q2)
    found = period_figures(db, "II.05a", Period(2024, "H1"))
    (_, values), = found.rows
    assert values == {3: 18, 4: 2, 5: 16, 6: None, 7: None, 8: 17, 9: 9, 10: 1}
    assert found.unknown_columns == {6, 7}
    assert any("(6), (7) không tính được từ các quý" in w for w in found.warnings)
    assert not [w for w in found.warnings if "phải bằng" in w]  # no identity "fails" on a blank column
    result = report.build_report(db, Period(2024, "H1"), tmp_path)
    sheet = next(Path(p) for p in result if Path(p).suffix == ".xlsx" and "II.05a" in Path(p).name)
    from openpyxl import load_workbook

    ws = load_workbook(sheet, data_only=True).active
    cells = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
    labels = [ref for ref, v in cells.items() if v == "Tổng số"]
    total_row = max(int("".join(ch for ch in ref if ch.isdigit())) for ref in labels)
    totals = [v for ref, v in cells.items() if ref.endswith(str(total_row)) and isinstance(v, int)]
    assert sorted(totals) == sorted([18, 2, 16, 17, 9, 1])  # (6) and (7) are not printed as any number
    body = "\n".join(p.text for p in docx.Document(str(tmp_path / report.report_file_name(Period(2024, "H1")))).paragraphs)
    assert "tiếp nhận 18 phản ánh" in body and "theo nội dung" not in body
    assert "Các cột (6), (7) để trống" in body


def test_pakn_by_content_is_the_quarters_sum_when_nothing_was_carried_between_them(db, pakn_unit):
    unit_id, fid = pakn_unit
    q1 = _pakn(carried=2, new=10, by_rule=7, handled=12, published=4)  # all handled: nothing carried into Q2
    q2 = _pakn(carried=0, new=6, by_rule=5, handled=5, published=5)
    _save_pakn(db, unit_id, fid, 1, q1)
    _save_pakn(db, unit_id, fid, 2, q2)
    found = period_figures(db, "II.05a", Period(2024, "H1"))
    (_, values), = found.rows
    assert values[6] == 12 and values[7] == 6 and values[3] == values[6] + values[7]
    assert not found.unknown_columns and "để trống" not in found.missing_text()
