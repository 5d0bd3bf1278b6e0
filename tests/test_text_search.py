"""One function for Vietnamese search and sort, checked on SQLite and (TTHC_TEST_DATABASE_URL) PostgreSQL."""
import pytest

from tthc_desktop.domain.text import sort_key
from tthc_desktop.storage.database import open_database
from tthc_desktop.storage.models import Unit
from tthc_desktop.storage.text_search import find

NAMES = ["Văn phòng Sở", "Thanh tra Sở", "Chi cục Thủy lợi", "Chi cục Thủy sản", "Chi cục Kiểm lâm",
         "Đội quản lý thị trường", "Dịch vụ công", "Ăn uống", "An toàn thực phẩm", "Ấn phẩm", "Bạc Liêu", "Ba Vì",
         "Bà Rịa", "Bá Thước", "Phòng Kế hoạch - Tài chính", "Trung tâm 50% vốn_nhà nước"]


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_db(request, tmp_path):
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_url")
    else:
        url = str(tmp_path / "search.sqlite3")
    db = open_database(url)
    with db.session() as s:
        s.add_all(Unit(name=n) for n in NAMES)
    yield db
    db.close()


def _names(db, needle=""):
    with db.read_session() as s:
        return [u.name for u in find(s, Unit.name, needle)]


def test_vietnamese_dictionary_order(engine_db):
    got = _names(engine_db)
    assert got == sorted(NAMES, key=sort_key)
    assert got.index("An toàn thực phẩm") < got.index("Ăn uống") < got.index("Ấn phẩm") < got.index("Ba Vì")
    assert got.index("Dịch vụ công") < got.index("Đội quản lý thị trường") < got.index("Phòng Kế hoạch - Tài chính")


@pytest.mark.parametrize("needle, expected", [
    ("thuy", ["Chi cục Thủy lợi", "Chi cục Thủy sản"]),
    ("THỦY LỢI", ["Chi cục Thủy lợi"]),
    ("doi quan ly", ["Đội quản lý thị trường"]),
    ("ăn", ["An toàn thực phẩm", "Ấn phẩm", "Ăn uống", "Thanh tra Sở", "Chi cục Thủy sản", "Văn phòng Sở",
            "Đội quản lý thị trường"]),
    ("50%", ["Trung tâm 50% vốn_nhà nước"]),
    ("n_n", ["Trung tâm 50% vốn_nhà nước"]),
    ("h_n", []),  # LIKE wildcards are escaped: not "Thanh"
    ("khong co", []),
])
def test_accent_insensitive_search(engine_db, needle, expected):
    assert _names(engine_db, needle) == sorted(expected, key=sort_key)
