"""The catalogue service: profile, units, groups, fields, defaults."""
import pytest

from tthc_desktop.errors import ValidationError
from tthc_desktop.services import catalog


def test_profile_save_and_update(db):
    assert catalog.get_profile(db) is None
    p = catalog.save_profile(db, **catalog.example_profile())
    assert p.name == "Sở Nông nghiệp và Phát triển nông thôn"
    assert p.short_code == "SNNPTNT"
    catalog.save_profile(db, signer_name="Nguyễn Văn A", office_email="vp@snn.gov.vn, kstt@snn.gov.vn")
    p = catalog.get_profile(db)
    assert p.signer_name == "Nguyễn Văn A"
    assert p.office_email == "vp@snn.gov.vn; kstt@snn.gov.vn"
    assert p.parent_body == "UBND tỉnh Quảng Ngãi"


@pytest.mark.parametrize("values, word", [
    ({"name": ""}, "tên cơ quan"),
    ({"office_email": "vanphong@"}, "vanphong@"),
    ({"province_email": "a b@x"}, "«a»"),
    ({"unit_deadline_day": 31}, "31"),
    ({"report_deadline_day": "mười"}, "mười"),
    ({"short_code": "SNN/PTNT"}, "SNN/PTNT"),
])
def test_profile_validation_rejects_and_writes_nothing(db, values, word):
    catalog.save_profile(db, **catalog.example_profile())
    with pytest.raises(ValidationError) as exc:
        catalog.save_profile(db, **values)
    assert word in exc.value.message
    assert catalog.get_profile(db).short_code == "SNNPTNT"


def test_seed_defaults_is_idempotent_and_links_units(db):
    added = catalog.seed_defaults(db)
    assert added == {"fields": 11, "groups": 2, "units": 12}
    assert catalog.seed_defaults(db) == {"fields": 0, "groups": 0, "units": 0}
    units = catalog.list_units(db)
    assert units[0].name == "Văn phòng Sở"
    kiem_lam = catalog.find_unit(db, "chi cuc kiem lam")
    assert kiem_lam.handles_dossiers and kiem_lam.fields == ["Lâm nghiệp"]
    assert "Các phòng, cơ quan, đơn vị có thẩm quyền tiếp nhận, giải quyết TTHC" in kiem_lam.groups
    assert [f.name for f in catalog.list_fields(db)][:3] == ["Trồng trọt", "Bảo vệ thực vật", "Chăn nuôi"]
    groups = catalog.list_groups(db)
    assert [len(g.units) for g in groups] == [7, 12]  # "… có thẩm quyền …" sorts before "… thuộc Sở …"


def test_unit_crud_and_search(db):
    catalog.seed_defaults(db)
    u = catalog.add_unit(db, "Phòng Quản lý xây dựng công trình", short_name="QLXD", email="qlxd@snn.gov.vn",
                         groups=["Các phòng, cơ quan, đơn vị thuộc Sở có liên quan"], fields=["Thủy lợi"])
    assert u.position == 13
    with pytest.raises(ValidationError, match="Đã có đơn vị"):
        catalog.add_unit(db, "phong quan ly xay dung cong trinh")
    with pytest.raises(ValidationError, match="không đúng dạng"):
        catalog.update_unit(db, u.id, email="khong-phai-thu")
    u = catalog.update_unit(db, u.id, handles_dossiers=True, fields=["Thủy lợi", "Lâm nghiệp"])
    assert u.handles_dossiers and u.fields == ["Lâm nghiệp", "Thủy lợi"]
    assert [x.name for x in catalog.list_units(db, search="xay dung")] == ["Phòng Quản lý xây dựng công trình"]
    assert catalog.unit_usage(db, u.id) == {"tasks": 0, "figures": 0}
    catalog.delete_unit(db, u.id)
    assert catalog.find_unit(db, "QLXD") is None


def test_groups_and_fields_crud_sorted(db):
    g = catalog.add_group(db, "Đơn vị sự nghiệp")
    catalog.add_group(db, "Các chi cục")
    catalog.add_unit(db, "Văn phòng Sở")
    g = catalog.update_group(db, g.id, units=["van phong so"])
    assert g.units == ["Văn phòng Sở"]
    # Vietnamese order: C before Đ, whatever the code points say
    assert [x.name for x in catalog.list_groups(db)] == ["Các chi cục", "Đơn vị sự nghiệp"]
    f = catalog.add_field(db, "Lâm nghiệp")
    with pytest.raises(ValidationError):
        catalog.add_field(db, "LÂM NGHIỆP")
    f = catalog.update_field(db, f.id, name="Lâm nghiệp và kiểm lâm", active=False)
    assert catalog.list_fields(db, active_only=True) == []
    assert catalog.field_usage(db, f.id) == 0
    catalog.delete_field(db, f.id)
    catalog.delete_group(db, g.id)
    assert [x.name for x in catalog.list_groups(db)] == ["Các chi cục"]
