"""The derive engine on the real fixtures: Quảng Ngãi 2023 → Sở NN&PTNT (ground truth: domain.md)."""
import json

import pytest

from tests.conftest import DEMO
from tthc_desktop.cli.main import run
from tthc_desktop.domain.derive import derive_plan
from tthc_desktop.domain.relevance import AgencyRules
from tthc_desktop.importers import read_plan
from tthc_desktop.services.rules import default_tables

AGENCY = "Sở Nông nghiệp và Phát triển nông thôn"
# domain.md, "Which provincial tasks a department keeps": provincial task → department task (2024).
KEPT = {"1a": "1a", "2": "1b", "3": "2", "4": "3", "6": "4", "8": "5", "10": "6", "11": "8", "12": "9", "13": "10",
        "14": "11", "15": "12", "16": "13", "17": "14", "18": "15", "19": "16", "20": "17", "21": "18", "24": "20",
        "25": "21", "27": "19", "30": "22", "31": "23", "32": "24", "33": "26", "35": "27", "36": "28", "40": "29",
        "41": "30", "42": "31", "43": "32", "46": "33", "47": "35", "49": "36", "50": "37"}
DROPPED = {"1b", "5", "7", "9", "22", "23", "26", "28", "29", "34", "37", "38", "39", "44", "45", "48"}


def f1(tasks) -> float:
    tp = sum(t["decision"] == "keep" and t["source_number"] in KEPT for t in tasks)
    fp = sum(t["decision"] == "keep" and t["source_number"] in DROPPED for t in tasks)
    fn = sum(t["decision"] == "drop" and t["source_number"] in KEPT for t in tasks)
    return 2 * tp / (2 * tp + fp + fn)


def derive_json(capsys, *extra) -> dict:
    code = run(["plan", "derive", str(DEMO / "qn2023_plan.docx"), "--agency", AGENCY, *extra, "--json"])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


def provincial_tasks(data):
    return [t for s in data["sections"] for t in s["tasks"] if t["source_number"] is not None]


def test_ground_truth_is_complete():
    assert len(KEPT) == 35 and len(DROPPED) == 16


def test_rules_alone(capsys):
    data = derive_json(capsys)
    tasks = provincial_tasks(data)
    assert {t["source_number"] for t in tasks} == set(KEPT) | DROPPED
    assert all(t["reason"].strip() and t["decision"] in ("keep", "drop") for t in tasks)
    assert all(t["role"] in ("lead", "coordinate") for t in tasks)
    score = f1(tasks)
    print(f"F1 rules alone = {score:.3f}")
    assert score >= 0.85
    kept = [t for t in tasks if t["decision"] == "keep"]
    assert [t["number"] for t in kept][:3] == ["1", "2", "3"]  # renumbered
    assert all("Văn phòng UBND tỉnh" not in " ".join(t["lead"] + t["coordinate"]) for t in kept)


def test_with_last_years_department_plan(capsys):
    data = derive_json(capsys, "--previous", str(DEMO / "snn2024_plan.docx"))
    tasks = provincial_tasks(data)
    score = f1(tasks)
    print(f"F1 with previous = {score:.3f}")
    assert score >= 0.95
    previous = {t.number: t for t in read_plan(DEMO / "snn2024_plan.docx").tasks}
    matched = [t for t in tasks if t["decision"] == "keep" and t["previous_number"]]
    assert len(matched) >= 30
    numbers = {t["source_number"]: t["number"] for t in tasks}
    assert (numbers["1a"], numbers["2"], numbers["3"]) == ("1a", "1b", "2")  # as the department numbered them
    right = sum(KEPT.get(t["source_number"]) == t["previous_number"] for t in matched)
    assert right / len(matched) >= 0.9
    for t in matched:
        prev = previous[t["previous_number"]]
        assert t["lead"] == prev.lead and t["coordinate"] == prev.coordinate  # the department's own units
        assert t["content"].replace("2023", "2024") == prev.content.replace("2023", "2024")
        assert 0 < t["similarity"] <= 1


def test_engine_keeps_rewording_as_suggestions():
    prov = read_plan(DEMO / "qn2023_plan.docx")
    tasks = derive_plan(prov, AgencyRules.from_tables(AGENCY, default_tables()), None, 2024)
    t1 = next(t for t in tasks if t.source_number == "1a")
    assert t1.content == prov.tasks[0].content  # not applied silently
    assert any(e.new == "2024" for e in t1.rewording)
    assert "2024" in t1.accept_rewording().content
    assert t1.schedule.due.year == 2024


def test_bad_file_exit_3(tmp_path, capsys):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a zip")
    assert run(["plan", "derive", str(bad), "--agency", AGENCY, "--json"]) == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()
    assert run(["plan", "derive", str(tmp_path / "missing.docx"), "--agency", AGENCY]) == 3


@pytest.mark.parametrize("agency", ["Sở Nông nghiệp và Môi trường", "Sở Tư pháp"])
def test_another_province_reads_well(capsys, plans, agency):
    code = run(["plan", "derive", str(plans / "qt2025_plan.docx"), "--agency", agency, "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    tasks = provincial_tasks(data)
    assert tasks and all(t["reason"].endswith(".") for t in tasks)
    assert 0 < data["summary"]["keep"] < len(tasks)
