"""Vietnamese folding: NFC, no diacritics, abbreviations."""

from __future__ import annotations

import unicodedata

from vi_text.text import fold, normalize, tokens


def test_fold_removes_diacritics_and_d_stroke() -> None:
    assert fold("Đăng ký KẾT HÔN") == "dang ky ket hon"


def test_fold_handles_decomposed_input() -> None:
    assert fold(unicodedata.normalize("NFD", "hộ chiếu")) == "ho chieu"


def test_abbreviations_expand() -> None:
    assert normalize("lam cccd can giay to gi") == "lam can cuoc cong dan can giay to gi"
    assert normalize("lệ phí hc bn") == "le phi ho chieu bao nhieu"
    assert normalize("đk kết hôn ko") == "dang ky ket hon khong"
    assert normalize("gplx dc ko") == "giay phep lai xe duoc khong"


def test_codes_stay_whole() -> None:
    assert tokens("mã 1.001193 là gì") == ["ma", "1.001193", "la", "gi"]
