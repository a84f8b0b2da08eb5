"""The other senses of words the procedure ranker reads as a procedure."""

from __future__ import annotations

import pytest

from vi_text.text import normalize
from vi_text.word_senses import names_something_else


@pytest.mark.parametrize(("procedure", "text", "other_sense"), [
    ("thuong_tru", "ô tô nhập khẩu vào Việt Nam có cần đăng ký không", True),
    ("thuong_tru", "nhap khau may moc tu nuoc ngoai can giay to gi", True),
    ("thuong_tru", "nhập khẩu cho con vào hộ khẩu của ông bà được không", False),
    ("thuong_tru", "nhập khẩu về nhà chồng cần gì", False),
    ("the_chap_dat", "vay tín chấp ở ngân hàng nào lãi thấp", True),
    ("the_chap_dat", "khong vay tin chap duoc nen the chap so do", False),
    ("the_chap_dat", "đăng ký thế chấp sổ đỏ ở đâu", False),
    ("ho_chieu", "vay tín chấp để làm hộ chiếu", False),
])
def test_the_other_sense_is_read_only_where_it_applies(procedure: str, text: str, other_sense: bool) -> None:
    # written for this test
    assert names_something_else(procedure, normalize(text)) is other_sense
