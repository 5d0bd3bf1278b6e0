"""Hostile input: ≥ 300 mutations of the fixture plans (truncation, byte flips, zip member swaps and
removals, decompression bombs, malformed XML, external entities) each end in a clean refusal
(BadInputError → exit 3, or ValidationError → exit 4) or a clean import — never another exception —
and a refused file leaves the database byte-identical. Cases are rebuilt from their id
(tests/fuzz_cases.py), so a failure names exactly what to reproduce."""
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

import fuzz_cases
from tthc_desktop.errors import BadInputError, ValidationError
from tthc_desktop.services.plans import import_plan
from tthc_desktop.storage.database import open_database

def _state(db_path: Path) -> tuple[str, str]:
    wal = Path(str(db_path) + "-wal")
    return (hashlib.sha256(db_path.read_bytes()).hexdigest(),
            hashlib.sha256(wal.read_bytes()).hexdigest() if wal.exists() else "")


def _leaked(db_path: Path) -> bool:
    marker = fuzz_cases.XXE_MARKER.encode()
    wal = Path(str(db_path) + "-wal")
    return marker in db_path.read_bytes() or (wal.exists() and marker in wal.read_bytes())


class Bench:
    """A database reset to its pristine state after every case that imported something."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / "fuzz.sqlite3"
        open_database(self.path).close()
        self.pristine = self.path.read_bytes()
        self.db = open_database(self.path)

    def reset(self) -> None:
        self.db.close()
        for suffix in ("-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)
        self.path.write_bytes(self.pristine)
        self.db = open_database(self.path)


def test_case_count():
    assert len(fuzz_cases.case_ids()) >= 300


@pytest.mark.slow
def test_mutated_plans_are_refused_cleanly_or_imported(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(fuzz_cases.XXE_MARKER, encoding="utf-8")
    bench = Bench(tmp_path)
    failures, outcomes = [], {"refused": 0, "imported": 0}
    for case_id in fuzz_cases.case_ids():
        data, suffix = fuzz_cases.build_case(case_id, secret)
        path = tmp_path / f"case{suffix}"
        path.write_bytes(data)
        before = _state(bench.path)
        try:
            import_plan(bench.db, path)
        except (BadInputError, ValidationError) as exc:
            outcomes["refused"] += 1
            if not exc.message.strip() or "Traceback" in exc.message:
                failures.append(f"{case_id}: empty or technical message {exc.message!r}")
            if _state(bench.path) != before:
                failures.append(f"{case_id}: refused but the database changed")
        except Exception as exc:  # the bug this test exists to find
            failures.append(f"{case_id}: {type(exc).__name__}: {str(exc)[:160]}")
        else:
            outcomes["imported"] += 1
            if _leaked(bench.path):
                failures.append(f"{case_id}: external entity content reached the database")
            bench.reset()
    bench.db.close()
    assert not failures, "\n".join(failures[:40])
    assert outcomes["refused"] >= 100 and outcomes["imported"] >= 10, outcomes


CLI_CASES = [
    "qn2023_plan.docx:truncate:0",
    "qn2023_plan.xlsx:flip:0",
    "qn2023_plan.xlsx:xml_merge:2",
    "snn2024_plan.docx:xxe:0",
    "qt2025_plan.docx:bomb:0",
    "qt2025_plan.docx:many:0",
    "qn2023_plan.xlsx:laughs:0",
]


@pytest.mark.parametrize("case_id", CLI_CASES)
def test_cli_plan_import_exit_3_without_traceback(tmp_path, case_id):
    db_path = tmp_path / "cli.sqlite3"
    open_database(db_path).close()
    before = db_path.read_bytes()
    data, suffix = fuzz_cases.build_case(case_id, tmp_path / "secret.txt")
    path = tmp_path / f"ke-hoach{suffix}"
    path.write_bytes(data)
    r = subprocess.run([sys.executable, "-m", "tthc_desktop.cli", "--db", str(db_path), "plan", "import", str(path)],
                       capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert r.returncode == 3, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and r.stderr.strip().startswith("Không đọc được tệp «ke-hoach")
    assert db_path.read_bytes() == before


def test_other_workbook_readers_refuse_mutated_xlsx_cleanly(tmp_path):
    """Unit report sheets and filled forms come in by e-mail too: the same mutated workbooks."""
    from tthc_desktop.importers.forms_xlsx import read_grid
    from tthc_desktop.importers.unit_sheets import read_unit_sheet

    failures = []
    xlsx_cases = [c for c in fuzz_cases.case_ids() if c.split(":")[0].endswith(".xlsx")]
    assert len(xlsx_cases) >= 70
    for case_id in xlsx_cases:
        data, suffix = fuzz_cases.build_case(case_id, tmp_path / "secret.txt")
        path = tmp_path / f"phieu{suffix}"
        path.write_bytes(data)
        for reader in (lambda p: read_unit_sheet(p, b"khoa-ky"), read_grid):
            try:
                reader(path)
            except (BadInputError, ValidationError):
                pass
            except Exception as exc:
                failures.append(f"{case_id}: {type(exc).__name__}: {str(exc)[:120]}")
    assert not failures, "\n".join(failures[:40])
