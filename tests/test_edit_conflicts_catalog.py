"""Two officers on one database edit the agency profile and a unit: the second save over a stale read is a
conflict that writes nothing; saving again over the colleague's version («Ghi đè») goes through.

Each test opens the same database twice (two windows, or the window and the CLI); on PostgreSQL
(TTHC_TEST_DATABASE_URL) they run again as the `server` variants."""
import pytest
from factories import build_department

from tthc_desktop.errors import EditConflictError
from tthc_desktop.services import catalog
from tthc_desktop.storage.database import open_database


@pytest.fixture
def two(two_handles):
    first, second, _ = two_handles
    return first, second


def test_profile_saved_over_a_stale_read_is_a_conflict(two):
    mine, colleague = two
    seen_mine, seen_theirs = catalog.get_profile(mine), catalog.get_profile(colleague)
    assert seen_mine.version == seen_theirs.version
    catalog.save_profile(colleague, signer_name="Trần Văn Đồng Nghiệp", expected_version=seen_theirs.version)
    with pytest.raises(EditConflictError) as info:
        catalog.save_profile(mine, signer_name="Nguyễn Văn Tôi", expected_version=seen_mine.version)
    exc = info.value
    assert exc.message.startswith("Thông tin cơ quan vừa được ") and " sửa lúc " in exc.message
    assert exc.theirs["fields"] == {"Người ký": "Trần Văn Đồng Nghiệp"}
    assert exc.mine["fields"] == {"Người ký": "Nguyễn Văn Tôi"}
    assert catalog.get_profile(mine).signer_name == "Trần Văn Đồng Nghiệp"  # nothing of the stale save
    catalog.save_profile(mine, signer_name="Nguyễn Văn Tôi", expected_version=exc.theirs["version"])
    assert catalog.get_profile(colleague).signer_name == "Nguyễn Văn Tôi"


def test_profile_without_a_version_keeps_last_writer_wins(two):
    """Imports, setup and the CLI do not read first: they write as before."""
    mine, colleague = two
    catalog.save_profile(colleague, signer_name="A")
    catalog.save_profile(mine, signer_name="B")
    assert catalog.get_profile(colleague).signer_name == "B"


def _unit(db, name="Chi cục Kiểm lâm"):
    return next(u for u in catalog.list_units(db) if u.name == name)


def test_unit_saved_over_a_stale_read_is_a_conflict_naming_the_unit(two):
    mine, colleague = two
    seen_mine, seen_theirs = _unit(mine), _unit(colleague)
    catalog.update_unit(colleague, seen_theirs.id, email="kiemlam@qn.gov.vn", expected_version=seen_theirs.version)
    with pytest.raises(EditConflictError) as info:
        catalog.update_unit(mine, seen_mine.id, email="toi@qn.gov.vn", short_name="KL",
                            expected_version=seen_mine.version)
    exc = info.value
    assert exc.message.startswith("Đơn vị «Chi cục Kiểm lâm» vừa được ") and " sửa lúc " in exc.message
    assert exc.theirs["fields"] == {"Thư điện tử": "kiemlam@qn.gov.vn", "Tên viết tắt": seen_mine.short_name}
    stored = _unit(mine)
    assert (stored.email, stored.short_name) == ("kiemlam@qn.gov.vn", seen_mine.short_name)
    catalog.update_unit(mine, seen_mine.id, email="toi@qn.gov.vn", short_name="KL", expected_version=exc.theirs["version"])
    assert (_unit(colleague).email, _unit(colleague).short_name) == ("toi@qn.gov.vn", "KL")


def test_a_colleague_changing_only_the_units_fields_is_seen(two):
    """Fields and groups live in link tables: the unit's own version moves on all the same."""
    mine, colleague = two
    seen = _unit(mine)
    field = catalog.list_fields(colleague)[0].name
    catalog.update_unit(colleague, seen.id, fields=[field], expected_version=seen.version)
    with pytest.raises(EditConflictError):
        catalog.update_unit(mine, seen.id, email="toi@qn.gov.vn", expected_version=seen.version)
    assert _unit(mine).email == seen.email and _unit(mine).fields == [field]


def test_unit_deleted_meanwhile_is_a_conflict(two):
    mine, colleague = two
    seen = _unit(mine)
    catalog.delete_unit(colleague, seen.id)
    with pytest.raises(EditConflictError) as info:
        catalog.update_unit(mine, seen.id, email="toi@qn.gov.vn", expected_version=seen.version)
    assert " xóa" in info.value.message and info.value.theirs["version"] == 0


def test_plan_issue_details_saved_over_a_stale_read_are_a_conflict(two):
    from datetime import date

    from tthc_desktop.services.plan_issue import issue_info, save_issue_info

    mine, colleague = two
    plan_id = catalog_plan_id(mine)
    seen_mine, seen_theirs = issue_info(mine, plan_id), issue_info(colleague, plan_id)
    save_issue_info(colleague, plan_id, number="12/KH-SNNPTNT", doc_date=date(2024, 1, 15),
                    expected_version=seen_theirs.version)
    with pytest.raises(EditConflictError) as info:
        save_issue_info(mine, plan_id, number="15/KH-SNNPTNT", signer_name="Người Khác",
                        expected_version=seen_mine.version)
    exc = info.value
    assert exc.message.startswith("Kế hoạch số 12/KH-SNNPTNT vừa được ") and " sửa lúc " in exc.message
    assert exc.theirs["fields"]["Số văn bản"] == "12/KH-SNNPTNT" and exc.mine["fields"]["Số văn bản"] == "15/KH-SNNPTNT"
    now = issue_info(mine, plan_id)
    assert (now.number, now.doc_date) == ("12/KH-SNNPTNT", date(2024, 1, 15)) and now.signer_name != "Người Khác"
    save_issue_info(mine, plan_id, number="15/KH-SNNPTNT", signer_name="Người Khác", expected_version=exc.theirs["version"])
    assert issue_info(colleague, plan_id).number == "15/KH-SNNPTNT"


def catalog_plan_id(db):
    from tthc_desktop.services.derive import list_department_plans

    return next(p.id for p in list_department_plans(db) if p.is_current)


def test_a_profile_writer_slipping_in_after_the_check_is_caught(pg_url, monkeypatch):
    """Server: the profile changes after our version check, before our UPDATE."""
    from sqlalchemy import create_engine, update

    from tthc_desktop.services import catalog_conflicts
    from tthc_desktop.storage.models import AgencyProfile

    db = open_database(pg_url)
    build_department(db)
    seen = catalog.get_profile(db).version
    other = create_engine(pg_url)
    real = catalog_conflicts.profile_state

    def colleague_commits_right_after_the_check(*args):
        state = real(*args)
        with other.begin() as c:
            c.execute(update(AgencyProfile).values(signer_name="Đồng nghiệp", version=AgencyProfile.version + 1))
        return state

    monkeypatch.setattr(catalog_conflicts, "profile_state", colleague_commits_right_after_the_check)
    with pytest.raises(EditConflictError):
        catalog.save_profile(db, signer_name="Tôi", expected_version=seen)
    monkeypatch.setattr(catalog_conflicts, "profile_state", real)
    other.dispose()
    assert catalog.get_profile(db).signer_name == "Đồng nghiệp"
    db.close()
