"""Words the procedure ranker reads as a procedure that mean something else in the message ("nhập khẩu" a car,
"vay tín chấp").

The ranker reads characters and words, not senses: "nhập khẩu" is both registering in a household (nhập hộ khẩu)
and importing goods, and "chấp" is in "thế chấp" (a mortgage to register) and in "tín chấp" (a loan without any
collateral). When the message uses the other sense, no card of that procedure follows: the turn logic offers a menu
of the likeliest procedures, or keeps a refusal. Patterns run over `normalize()`d text.
"""

from __future__ import annotations

import re

# "nhập khẩu" is also to import: a car or goods brought into the country is no household registration ("ô tô nhập
# khẩu vào Việt Nam có cần đăng ký…", "…mang theo chiếc xe ô tô… có được phép nhập khẩu không" got the permanent
# residence card). 5-fold CV, everything out of fold: covered wrong −1 (a clarify menu), outside wrong −1
_IMPORT = re.compile(r"\b(xuat nhap khau|thue nhap khau|hai quan|(xe|o to|oto|hang|hang hoa|may moc|thiet bi|linh kien)"
                     r"( \w+){0,3} nhap khau|nhap khau (\w+ ){0,2}(xe|o to|oto|hang|may|thiet bi|vao viet nam|vao vn|"
                     r"tu nuoc ngoai)|(duoc phep|cho phep) nhap khau)\b")
# ...unless the household is named too ("nhập khẩu cho con vào hộ khẩu của ông bà")
_RESIDENCE = re.compile(r"\b(ho khau|kt ?3|thuong tru|tam tru|cu tru|vao ho|nha chong|nha vo|nha bo me)\b")
# "vay tín chấp" is a loan without collateral: there is no mortgage to register ("vay tín chấp 50tr ngân hàng nào dễ",
# the_chap_dat at 0.87 by its characters), unless a mortgage is named beside it
_UNSECURED_LOAN = re.compile(r"\btin chap\b(?!.*\bthe chap\b)")


def names_something_else(procedure: str, norm: str) -> bool:
    """The words the ranker read as `procedure` mean something else in the message (`norm`: normalize()d)."""
    if procedure == "thuong_tru":
        return bool(_IMPORT.search(norm)) and not _RESIDENCE.search(norm)
    if procedure == "the_chap_dat":
        return bool(_UNSECURED_LOAN.search(norm))
    return False
