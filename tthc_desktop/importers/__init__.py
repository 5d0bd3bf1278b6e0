"""Reading plans from the files officers receive (.docx, .xlsx, PDF digital or scanned, text/markdown copies, OCR text).

``read_plan`` is the one entry point: it checks the file (guard), picks a reader from the
file's real content, turns the grids into sections and tasks (table_logic) and reads the
preamble. No database and no Qt here.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from tthc_desktop.checksums import file_sha256
from tthc_desktop.domain.plan import ParsedPlan
from tthc_desktop.errors import BadInputError


def _convert_unmarked_legacy(raw) -> None:
    """TCVN3/VNI text whose font name was lost (re-typed workbooks, restyled documents)."""
    from tthc_desktop.importers.legacy_encoding import ENCODING_NAMES, convert, detect

    if any("bảng mã cũ" in w for w in raw.warnings):
        return
    sample = "\n".join(raw.paragraphs + [c for t in raw.tables for r in t.rows[:200] for c in r.cells if c])
    encoding = detect(sample)
    if not encoding:
        return
    raw.paragraphs = [convert(p, encoding) for p in raw.paragraphs]
    for table in raw.tables:
        table.after = [convert(p, encoding) for p in table.after]
        for row in table.rows:
            row.cells = [convert(c, encoding) for c in row.cells]
    raw.warnings.append(f"Văn bản dùng bảng mã cũ {ENCODING_NAMES[encoding]}; đã chuyển sang Unicode, "
                        "hãy soát lại chữ có dấu.")


def _read_as_letter(raw) -> None:
    """A letter listing tasks as numbered paragraphs with «- Cơ quan chủ trì thực hiện: …» lines (seed 004)."""
    from tthc_desktop.importers.text_reader import read_list_layout

    lines = [line for p in raw.paragraphs for line in p.split("\n")]
    for table in raw.tables:  # a letterhead table, then the body paragraphs after it
        lines += [c for row in table.rows for c in dict.fromkeys(row.cells) if c] + \
            [line for p in table.after for line in p.split("\n")]
    table, preamble, warnings = read_list_layout(lines)
    if table is not None:
        raw.tables, raw.paragraphs = [table], preamble
        raw.warnings.extend(warnings)
        raw.warnings.append("Văn bản không có bảng kế hoạch; các nhiệm vụ được đọc từ các đoạn đánh số và các dòng "
                            "«Cơ quan chủ trì thực hiện», «Sản phẩm», «Thời gian thực hiện» …; hãy soát lại.")


def read_plan(
    path: Path,
    year: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> ParsedPlan:
    """The plan in ``path``; BadInputError (one Vietnamese sentence) when it cannot be one.

    ``progress(done, total)`` is called as the file is read (OCR of a scanned PDF adds a third
    argument, the page being read); ``is_cancelled()`` is polled between tables or pages.
    """
    from tthc_desktop.importers import guard
    from tthc_desktop.importers.preamble import read_preamble
    from tthc_desktop.importers.table_logic import PlanBuilder, find_header, looks_like_plan_row

    path = Path(path)
    kind = guard.sniff(path)
    if kind == "pdf":
        from tthc_desktop.importers.pdf_reader import read_pdf

        raw = read_pdf(path, progress, is_cancelled)
    elif kind == "docx":
        from tthc_desktop.importers.docx_reader import read_docx

        raw = read_docx(path, progress, is_cancelled)
    elif kind == "xlsx":
        from tthc_desktop.importers.xlsx_reader import read_xlsx

        raw = read_xlsx(path, progress, is_cancelled)
    else:
        from tthc_desktop.importers.text_reader import read_text

        raw = read_text(path, progress, is_cancelled)
    if is_cancelled and is_cancelled():
        raise BadInputError("Đã hủy việc đọc tệp theo yêu cầu.")

    guard.cap_long_texts(raw)
    if kind in ("docx", "xlsx"):
        _convert_unmarked_legacy(raw)
    if kind in ("docx", "pdf") and not any(find_header(t.rows) for t in raw.tables):
        _read_as_letter(raw)
    plan = ParsedPlan(source_file=path.name, format=raw.format, source_hash=file_sha256(path))
    plan.warnings.extend(raw.warnings)
    builder = PlanBuilder()
    found = False
    previous = None
    preamble = list(raw.paragraphs)
    for table in raw.tables:
        header = find_header(table.rows)
        if header is not None:
            start, count, cmap = header
            before = [row for row in table.rows[:start] if looks_like_plan_row(row, cmap)]
            if not found:
                preamble += [c for row in table.rows[:start] if row not in before
                             for c in dict.fromkeys(row.cells) if c]
            builder.add_table(table, cmap, start + count, before)
            found, previous = True, cmap
        elif previous is not None and raw.format in ("docx", "pdf") and table.rows and \
                len(table.rows[0].cells) == previous.width:
            builder.add_table(table, previous, 0)  # a plan table continued without its header
        elif not found:
            # A layout table before the plan (national header "UBND TỈNH … / Số: …") and the
            # paragraphs after it still belong to the preamble.
            preamble += [c for row in table.rows for c in dict.fromkeys(row.cells) if c] + table.after
    if not raw.tables and not found:
        raise BadInputError(f"Tệp «{path.name}» không có bảng nào; không tìm thấy bảng nội dung kế hoạch "
                            "(cột STT, Nội dung, Thời gian …).")
    if not found:
        raise BadInputError(f"Tệp «{path.name}» không có bảng kế hoạch nhận ra được (cần các cột như STT, "
                            "Nội dung công việc, Cơ quan thực hiện, Thời gian thực hiện).")
    read_preamble(preamble, plan)
    if year:
        plan.year = year
    if not plan.year:
        plan.year = date.today().year
        plan.warnings.append(f"Không tìm thấy năm của kế hoạch trong tiêu đề; tạm dùng năm {plan.year}, "
                             "hãy chọn đúng năm trước khi lưu.")
    builder.finish(plan, plan.year)
    if not plan.tasks:
        raise BadInputError(f"Bảng kế hoạch trong tệp «{path.name}» không có nhiệm vụ nào có số thứ tự.")
    return plan
