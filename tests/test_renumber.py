from tthc_desktop.domain.renumber import Label, renumber, task_kinds


def numbers(kinds, **kw):
    return [(l.number, l.parent) for l in renumber(kinds, **kw)]


def test_sections_and_continuous_tasks():
    assert numbers(["section", "task", "task", "section", "task"]) == [
        ("I", None), ("1", None), ("2", None), ("II", None), ("3", None)]


def test_sub_rows_letter_the_task_above():
    assert numbers(["section", "task", "sub", "sub", "task"]) == [
        ("I", None), ("1a", "1"), ("1b", "1"), ("1c", "1"), ("2", None)]
    labels = renumber(["task", "sub"])
    assert [l.display for l in labels] == ["a)", "b)"]
    assert Label("7", None).display == "7"


def test_sub_without_a_task_above_starts_a_number():
    assert numbers(["section", "sub", "sub"]) == [("I", None), ("1a", "1"), ("1b", "1")]


def test_restart_per_section():
    assert numbers(["section", "task", "section", "task"], restart_per_section=True) == [
        ("I", None), ("1", None), ("II", None), ("1", None)]


def test_many_sections_use_roman_numerals():
    labels = renumber(["section", "task"] * 13)
    assert labels[-2].number == "XIII" and labels[-1].number == "13"


def test_task_kinds_from_section_and_parent_keys():
    items = [("A", "1"), ("A", "1"), ("A", None), ("B", "5"), ("B", "6")]
    assert task_kinds(items) == ["section", "task", "sub", "task", "section", "task", "task"]
