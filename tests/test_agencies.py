from tthc_desktop.domain.agencies import split_responsible, split_results


def test_roles_inline():
    lead, coord, warnings = split_responsible("- Văn phòng UBND tỉnh chủ trì.\n- Các sở, ban ngành liên quan phối hợp.")
    assert lead == ["Văn phòng UBND tỉnh"]
    assert coord == ["Các sở, ban ngành liên quan"]
    assert warnings == []


def test_no_role_word_means_lead():
    lead, coord, _ = split_responsible("- Các sở, ban ngành.\n- UBND cấp huyện.\n- UBND cấp xã.")
    assert lead == ["Các sở, ban ngành", "UBND cấp huyện", "UBND cấp xã"] and coord == []


def test_coordinators_named_first_and_parenthesis():
    text = ("- Các sở, ban ngành, Văn phòng UBND tỉnh và cơ quan liên quan phối hợp.\n"
            "- Sở Ngoại vụ (Trung tâm dịch thuật trực thuộc Sở Ngoại vụ) chủ trì, phối hợp với Văn phòng UBND tỉnh.")
    lead, coord, _ = split_responsible(text)
    assert lead == ["Sở Ngoại vụ"]
    assert "Các sở, ban ngành" in coord and "Văn phòng UBND tỉnh" in coord


def test_other_role_words_and_semicolons():
    lead, coord, _ = split_responsible("- Văn phòng UBND tỉnh (có ý kiến).\n"
                                       "- Các sở, ban ngành được giao chủ trì soạn thảo văn bản.")
    assert lead == ["Các sở, ban ngành"] and coord == ["Văn phòng UBND tỉnh"]
    lead, coord, _ = split_responsible("- Sở Tài chính chủ trì.\n- Cục Thuế tỉnh; Kho bạc Nhà nước Quảng Ngãi; "
                                       "Sở Tài nguyên và Môi trường phối hợp.")
    assert lead == ["Sở Tài chính"]
    assert coord == ["Cục Thuế tỉnh", "Kho bạc Nhà nước Quảng Ngãi", "Sở Tài nguyên và Môi trường"]
    lead, coord, _ = split_responsible("Sở Tư pháp thẩm định; Văn phòng UBND tỉnh theo dõi, hướng dẫn.")
    assert lead == ["Sở Tư pháp"] and coord == ["Văn phòng UBND tỉnh"]
    lead, coord, _ = split_responsible("Văn phòng UBND tỉnh tổng hợp.\nCác sở, ban ngành và UBND cấp huyện thực hiện.")
    assert lead == ["Các sở, ban ngành", "UBND cấp huyện"] and coord == ["Văn phòng UBND tỉnh"]


def test_list_form_is_expanded():
    lead, coord, _ = split_responsible("Giám đốc các Sở: Công Thương, Tài chính, Xây dựng và Nội vụ chủ trì.")
    assert lead == ["Sở Công Thương", "Sở Tài chính", "Sở Xây dựng", "Sở Nội vụ"]


def test_ocr_text_without_diacritics():
    lead, coord, _ = split_responsible("Van phong UBND tinh chu tri; Cac so, ban nganh va UBND cap huyen phoi hop.")
    # Known names come back with their diacritics; nothing is guessed, so nothing is said.
    lead, coord, warnings = split_responsible("Van phong UBND tinh chu tri; Cac so, ban nganh va UBND cap huyen phoi hop.")
    assert lead == ["Văn phòng UBND tỉnh"] and coord == ["Các sở, ban ngành", "UBND cấp huyện"] and warnings == []


def test_split_results():
    assert split_results("- Văn bản góp ý.\n- Quyết định công bố.") == ["Văn bản góp ý.", "Quyết định công bố."]
    assert split_results("<ul><li>- A một.</li><li>- B hai.</li></ul>") == ["A một.", "B hai."]
    assert split_results("Hoàn thành việc kết nối\ntheo yêu cầu.") == ["Hoàn thành việc kết nối theo yêu cầu."]
    assert split_results("") == []


def test_action_verb_after_a_name_and_juxtaposed_names():
    lead, coord, _ = split_responsible("- Văn phòng UBND tỉnh tiếp nhận, phân loại phản ánh.\n- Các sở phối hợp.")
    assert lead == ["Văn phòng UBND tỉnh"] and coord == ["Các sở"]
    text = "Cơ quan, đơn vị có thẩm quyền tiếp nhận, giải quyết TTHC."
    assert split_responsible(text)[0] == ["Cơ quan, đơn vị có thẩm quyền tiếp nhận, giải quyết TTHC"]
    assert split_responsible("Văn phòng UBND tỉnh Sở Thông tin và Truyền thông", "coordinate")[1] == \
        ["Văn phòng UBND tỉnh", "Sở Thông tin và Truyền thông"]
