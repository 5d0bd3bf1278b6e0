"""Packaging files: checked statically here; scripts/ci_bundle_smoke.sh builds and runs the real bundle."""
import re
import struct

from conftest import REPO


def test_icon_is_multi_size_ico():
    data = (REPO / "resources" / "icons" / "tthc.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = {data[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes


def test_spec_bundles_data_and_stamps_version():
    spec = (REPO / "build_installer.spec").read_text(encoding="utf-8")
    for needed in ('"resources"', '"forms"', '"migrations"', "upx=False", "console=False", "console=True",
                   "version=VERSION_FILE", "tthc.ico", "__version__"):
        assert needed in spec, needed
    compile(spec, "build_installer.spec", "exec")
    for entry in re.findall(r'"packaging" / "(\w+\.py)"', spec):
        assert (REPO / "packaging" / entry).is_file()


def test_installer_keeps_user_data_unless_ticked():
    iss = (REPO / "installer" / "tthc.iss").read_text(encoding="utf-8-sig")
    assert "PrivilegesRequiredOverridesAllowed=dialog" in iss
    assert "{autodesktop}" in iss and "{group}" in iss
    deletes = [line for line in iss.splitlines() if "DelTree(" in line]
    assert len(deletes) == 1
    assert "RemoveData and" in iss and "Box.Checked := False" in iss
    assert "localappdata" not in iss.split("[UninstallDelete]")[1].split("[Code]")[0]


def test_self_test_passes_in_process(qapp, monkeypatch, capsys):
    from tthc_desktop.selftest import run_self_test

    monkeypatch.setenv("TTHC_DATA_DIR", "unused")  # run_self_test points it at its own temp folder
    assert run_self_test() == 0
    assert "Tự kiểm tra đạt" in capsys.readouterr().out
