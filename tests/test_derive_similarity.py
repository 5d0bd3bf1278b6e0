from tthc_desktop.domain.similarity import best_matches, similarity, tokens


def test_tokens_are_folded_words_and_pairs():
    assert tokens("Rà soát, đánh giá TTHC") == ["ra", "soat", "danh", "gia", "tthc", "ra_soat", "soat_danh",
                                                "danh_gia", "gia_tthc"]
    assert "cua" not in tokens("Kết quả của Sở")


def test_scores_between_zero_and_one_and_accent_insensitive():
    a = "Tiếp nhận, trả lời phản ánh, kiến nghị của người dân"
    assert similarity(a, a) == 1.0
    assert similarity(a, "Tiep nhan, tra loi phan anh, kien nghi cua nguoi dan") == 1.0
    assert similarity(a, "Số hóa hồ sơ, kết quả giải quyết TTHC") < 0.2


def test_best_matches_are_one_to_one():
    sources = ["Tuyên truyền về kiểm soát TTHC trên báo chí", "Tuyên truyền về kiểm soát TTHC",
               "Kiểm tra đột xuất tại UBND cấp xã"]
    targets = ["Thực hiện tuyên truyền về kiểm soát TTHC trên báo chí và cổng thông tin"]
    matches = best_matches(sources, targets, threshold=0.3)
    assert list(matches) == [0] and matches[0].target == 0 and 0 < matches[0].score <= 1
