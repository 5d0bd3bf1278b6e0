"""Regressions found in review: English text reaching the officer, an OverflowError on a form cell."""
import pytest

from tthc_desktop.cli.main import run
from tthc_desktop.domain.forms import parse_count
from tthc_desktop.errors import ValidationError
from tthc_desktop.services import rules
from tthc_desktop.services.safety import describe_problems


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_non_finite_cells_are_refused_as_not_whole_numbers(value):
    with pytest.raises(ValueError, match="không phải số nguyên"):
        parse_count(value)


def test_cli_syntax_errors_and_help_are_vietnamese(database_url, capsys):
    assert run(["--db", database_url, "progress", "add"]) == 2
    err = capsys.readouterr().err
    assert "còn thiếu tham số bắt buộc" in err and "required" not in err
    with pytest.raises(SystemExit):
        run(["progress", "add", "--help"])
    out = capsys.readouterr().out
    assert "tùy chọn" in out and "cách dùng" in out and "show this help" not in out and "PERIOD" not in out


def test_bad_rule_pattern_is_explained_without_english(db):
    with pytest.raises(ValidationError) as caught:
        rules.add_rule(db, "department_alias", "re:[abc")
    assert "ký tự thứ 4" in caught.value.message and "unterminated" not in caught.value.message


def test_integrity_problems_are_counted_not_quoted():
    lines = describe_problems(["row 3 missing from index ix_tasks", "Khóa ngoại hỏng: bảng tasks, dòng 2"])
    assert lines == ["Khóa ngoại hỏng: bảng tasks, dòng 2", "1 lỗi về cấu trúc tệp (chi tiết ghi trong nhật ký)"]
