"""The catalogue and profile pages: edit, search accent-insensitively, delete with confirmation."""
import pytest
from PySide6.QtWidgets import QMessageBox

from tthc_desktop.services import catalog
from tthc_desktop.ui.common.context import AppContext


@pytest.fixture
def ctx(db):
    catalog.save_profile(db, **catalog.example_profile())
    catalog.seed_defaults(db)
    return AppContext(db)


def test_search_is_accent_insensitive(qtbot, ctx):
    from tthc_desktop.ui.catalog.catalog_page import CatalogPage

    page = CatalogPage(ctx)
    qtbot.addWidget(page)
    assert page.units.rowCount() == 12
    page.search.setText("kiem lam")
    assert page.units.rowCount() == 1 and page.units.item(0, 0).text() == "Chi cục Kiểm lâm"
    page.search.setText("THU Y")  # finds the unit handling "Thú y"
    assert [page.units.item(r, 0).text() for r in range(page.units.rowCount())] == ["Chi cục Chăn nuôi và Thú y"]
    page.tabs.setCurrentIndex(2)
    assert page.fields.rowCount() == 1 and "1 lĩnh vực" in page.count.text()


def test_add_edit_and_delete_unit(qtbot, ctx, monkeypatch):
    from tthc_desktop.ui.catalog import catalog_page
    from tthc_desktop.ui.catalog.catalog_dialogs import UnitDialog

    page = catalog_page.CatalogPage(ctx)
    qtbot.addWidget(page)
    dialog = UnitDialog(ctx.db, group_names=["Nhóm lạ"], field_names=["Thủy lợi"], parent=page)
    dialog.name.setText("Ban Quản lý dự án")
    dialog.email.setText("sai địa chỉ")
    dialog._save()
    assert "không đúng dạng" in dialog.error.text() and catalog.find_unit(ctx.db, "Ban Quản lý dự án") is None
    dialog.email.setText("bqlda@snn.gov.vn")
    dialog.fields.item(0).setCheckState(dialog.fields.item(0).checkState().Checked)
    dialog._save()
    unit = catalog.find_unit(ctx.db, "ban quan ly du an")
    assert unit.email == "bqlda@snn.gov.vn" and unit.fields == ["Thủy lợi"]
    page.refresh()
    page.select_row(unit.id)
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    page.delete()
    assert catalog.find_unit(ctx.db, "Ban Quản lý dự án") is not None  # said No
    page.delete()
    assert "Ban Quản lý dự án" in asked[0] and catalog.find_unit(ctx.db, "Ban Quản lý dự án") is None
    assert page.units.rowCount() == 12


def test_group_and_field_dialogs(qtbot, ctx):
    from tthc_desktop.ui.catalog.catalog_dialogs import FieldDialog, GroupDialog

    g = GroupDialog(ctx.db, unit_names=["Văn phòng Sở", "Thanh tra Sở"])
    qtbot.addWidget(g)
    g.name.setText("Khối văn phòng")
    g.units.item(1).setCheckState(g.units.item(1).checkState().Checked)
    g._save()
    assert [x.units for x in catalog.list_groups(ctx.db) if x.name == "Khối văn phòng"] == [["Thanh tra Sở"]]
    f = FieldDialog(ctx.db)
    qtbot.addWidget(f)
    f.name.setText("trồng trọt")
    f._save()
    assert "Đã có lĩnh vực" in f.error.text()


def test_profile_page_validates_and_saves(qtbot, ctx, monkeypatch):
    from tthc_desktop.ui.catalog.profile_page import ProfilePage

    page = ProfilePage(ctx)
    qtbot.addWidget(page)
    seen = []
    ctx.data_changed.connect(seen.append)
    assert page.form.editors["short_code"].text() == "SNNPTNT" and not page.is_modified()
    page.form.editors["office_email"].setText("vanphong.snn")
    assert page.save() is False and "vanphong.snn" in page.form.error.text()
    page.form.editors["office_email"].setText("vanphong@snn.gov.vn")
    page.form.editors["unit_deadline_day"].setValue(15)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert page.is_modified() and page.can_close() is False  # Cancel keeps the window open
    assert page.save() is True and seen == ["profile"]
    profile = catalog.get_profile(ctx.db)
    assert profile.office_email == "vanphong@snn.gov.vn" and profile.unit_deadline_day == 15
    assert page.can_close() is True
