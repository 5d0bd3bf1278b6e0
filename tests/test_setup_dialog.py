"""First start: the setup dialog saves the agency profile and seeds units, groups and fields."""
from PySide6.QtCore import Qt

from tthc_desktop.services import catalog
from tthc_desktop.ui.shell.setup_dialog import SetupDialog


def test_setup_dialog_empty_with_placeholders_saves_profile_and_seeds(qtbot, db):
    dialog = SetupDialog(db)
    qtbot.addWidget(dialog)
    form = dialog.form.editors
    assert all(editor.text() == "" for editor in form.values())  # no province's real names as values
    assert form["name"].placeholderText() == "Sở …" and form["parent_body"].placeholderText() == "UBND tỉnh …"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == "later" and "tên cơ quan" in dialog.form.error.text()  # the name is still needed
    for key, value in (("parent_body", "UBND tỉnh Quảng Ngãi"), ("name", "Sở Nông nghiệp và Phát triển nông thôn"),
                       ("short_code", "SNNPTNT"), ("signer_title", "GIÁM ĐỐC")):
        form[key].setText(value)
    form["signer_name"].setText("Trần Văn B")
    form["office_email"].setText("vanphong@snnptnt.quangngai.gov.vn")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == "saved" and dialog.result() == dialog.DialogCode.Accepted
    profile = catalog.get_profile(db)
    assert (profile.short_code, profile.signer_title, profile.signer_name) == ("SNNPTNT", "GIÁM ĐỐC", "Trần Văn B")
    assert profile.office_email == "vanphong@snnptnt.quangngai.gov.vn"
    names = [u.name for u in catalog.list_units(db)]
    assert "Văn phòng Sở" in names and len(names) == 12
    assert len(catalog.list_fields(db)) == 11 and len(catalog.list_groups(db)) == 2


def test_setup_dialog_refuses_bad_email_and_writes_nothing(qtbot, db):
    dialog = SetupDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.form.editors["name"].setText("Sở Nông nghiệp và Phát triển nông thôn")
    dialog.form.editors["province_email"].setText("vpubnd@quangngai")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter = the default button
    assert dialog.choice == "later" and not dialog.form.error.isHidden()
    assert "vpubnd@quangngai" in dialog.form.error.text()
    assert dialog.form.editors["province_email"].property("invalid") is True
    assert catalog.get_profile(db) is None and catalog.list_units(db) == []


def test_setup_dialog_without_seed_and_demo_choice(qtbot, db):
    dialog = SetupDialog(db)
    qtbot.addWidget(dialog)
    dialog.seed.setChecked(False)
    dialog.form.editors["name"].setText("Sở Tư pháp")
    dialog.save()
    assert catalog.get_profile(db).name and catalog.list_units(db) == []
    other = SetupDialog(db)
    qtbot.addWidget(other)
    qtbot.mouseClick(other.demo_button, Qt.MouseButton.LeftButton)
    assert other.choice == "demo"


def test_setup_dialog_offers_the_34_provinces_and_the_merged_departments(qtbot, db):
    dialog = SetupDialog(db)
    qtbot.addWidget(dialog)
    form = dialog.form.editors
    provinces = form["place_name"].completer().model()
    names = [provinces.index(i, 0).data() for i in range(provinces.rowCount())]
    assert len(names) == 34 and "Quảng Ngãi" in names and "Kon Tum" not in names
    departments = form["name"].completer().model()
    offered = [departments.index(i, 0).data() for i in range(departments.rowCount())]
    assert "Sở Nông nghiệp và Môi trường" in offered and "Sở Tài nguyên và Môi trường" not in offered
    form["name"].setText("Sở Xây dựng")
    assert (form["short_name"].text(), form["short_code"].text()) == ("Sở XD", "SXD")


def test_setup_dialog_offers_the_names_in_force_since_2025(qtbot, db):
    """The 34 provinces and the merged departments are offered as the officer types; a department fills its codes."""
    dialog = SetupDialog(db)
    qtbot.addWidget(dialog)
    editors = dialog.form.editors
    names = editors["name"].completer().model()
    offered = [names.index(r, 0).data() for r in range(names.rowCount())]
    assert "Sở Nông nghiệp và Môi trường" in offered and "Sở Nông nghiệp và Phát triển nông thôn" not in offered
    bodies = editors["parent_body"].completer().model()
    assert bodies.rowCount() == 34
    editors["name"].completer().activated[str].emit("Sở Nông nghiệp và Môi trường")
    assert (editors["short_name"].text(), editors["short_code"].text()) == ("Sở NN&MT", "SNNMT")
