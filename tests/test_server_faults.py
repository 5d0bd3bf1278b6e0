"""Server mode faults: connection lost mid-session, wrong password, unknown host, no database — one sentence each."""
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from tthc_desktop.cli.main import run
from tthc_desktop.errors import ServerConnectError
from tthc_desktop.services.server import check_connection
from tthc_desktop.storage.database import open_database
from tthc_desktop.storage.engines import LOST_MESSAGE, user_error_for
from tthc_desktop.storage.models import Unit


def _kill(pg_url: str, pid: int) -> None:
    """What a restarted server or a dropped VPN does to an open connection."""
    engine = create_engine(pg_url)
    with engine.begin() as c:
        assert c.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar_one()
    engine.dispose()


def _names(db) -> list[str]:
    with db.read_session() as s:
        return list(s.scalars(select(Unit.name).order_by(Unit.name)))


def test_lost_connection_mid_write_is_not_saved_and_the_next_action_reconnects(pg_url):
    db = open_database(pg_url)
    try:
        with pytest.raises(ServerConnectError) as info:
            with db.session() as s:
                s.add(Unit(name="Phòng sẽ không được lưu"))
                s.flush()
                _kill(pg_url, s.execute(text("SELECT pg_backend_pid()")).scalar_one())
        assert info.value.message == LOST_MESSAGE and info.value.exit_code == 3
        assert _names(db) == []  # the next action reconnects by itself, and nothing half-written is there
        with db.session() as s:
            s.add(Unit(name="Văn phòng Sở"))
        assert _names(db) == ["Văn phòng Sở"]
    finally:
        db.close()


def test_lost_connection_during_a_read_becomes_the_sentence(pg_url):
    db = open_database(pg_url)
    try:
        with pytest.raises(Exception) as info:
            with db.read_session() as s:
                _kill(pg_url, s.execute(text("SELECT pg_backend_pid()")).scalar_one())
                s.execute(select(Unit)).all()
        known = user_error_for(info.value, pg_url)
        assert known is not None and known.message == LOST_MESSAGE
        assert _names(db) == []  # and the next read reconnects
    finally:
        db.close()


def _variant(pg_url: str, **changes) -> str:
    return make_url(pg_url).set(**changes).render_as_string(hide_password=False)


@pytest.mark.parametrize("changes, words", [
    ({"password": "sai-mat-khau"}, "sai tên người dùng"),
    ({"database": "khong_co_csdl"}, "không có cơ sở dữ liệu «khong_co_csdl»"),
    ({"host": "may-chu-khong-co.invalid"}, "Không tìm thấy máy chủ «may-chu-khong-co.invalid»"),
    ({"port": 1}, "không nhận kết nối"),
])
def test_connection_refusals_are_one_sentence_exit_3(pg_url, capsys, changes, words):
    url = _variant(pg_url, **changes)
    assert run(["--db", url, "task", "list", "--json"]) == 3
    captured = capsys.readouterr()
    assert words in captured.err and "Traceback" not in captured.err and captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    with pytest.raises(ServerConnectError, match=words.split("«")[0]):
        check_connection(url)


def test_check_connection_reports_the_server_version(pg_url):
    version = check_connection(pg_url)
    assert version.split(".")[0].isdigit() and int(version.split(".")[0]) >= 13


def test_password_is_never_shown(pg_url, capsys):
    url = _variant(pg_url, database="khong_co_csdl")
    run(["--db", url, "task", "list"])
    assert make_url(pg_url).password not in capsys.readouterr().err


def test_a_newer_server_schema_is_refused_exit_5(pg_url, capsys):
    open_database(pg_url).close()
    engine = create_engine(pg_url)
    with engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    assert run(["--db", pg_url, "task", "list"]) == 5
    assert "phiên bản mới hơn" in capsys.readouterr().err


def test_a_socket_reset_let_through_by_the_driver_is_the_same_sentence():
    """pg8000 sometimes lets ConnectionResetError out of commit unwrapped (seen in the PostgreSQL run)."""
    from tthc_desktop.storage.engines import parse_server_url, translated_faults

    url = parse_server_url("postgresql+pg8000://tthc@may-chu:5432/tthc")
    with pytest.raises(ServerConnectError) as info:
        with translated_faults(url):
            raise ConnectionResetError(104, "Connection reset by peer")
    assert info.value.message == LOST_MESSAGE
    assert user_error_for(BrokenPipeError(32, "Broken pipe"), "postgresql+pg8000://tthc@may-chu/tthc") is not None
    assert user_error_for(BrokenPipeError(32, "Broken pipe"), "/tmp/tthc.sqlite3") is None
