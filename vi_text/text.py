"""Fold Vietnamese text for matching: NFC, lower case, no diacritics, expanded abbreviations."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TOKEN_RE = re.compile(r"\d+(?:\.\d+)+|\w+", re.UNICODE)

# Abbreviations and teencode citizens type, keyed by their folded form.
ABBREVIATIONS: dict[str, str] = {
    "cccd": "can cuoc cong dan",
    "cc": "can cuoc",
    "cmnd": "chung minh nhan dan",
    "cmt": "chung minh nhan dan",
    "gplx": "giay phep lai xe",
    "blx": "bang lai xe",
    "hc": "ho chieu",
    "lltp": "ly lich tu phap",
    "dkkd": "dang ky kinh doanh",
    "dkdn": "dang ky doanh nghiep",
    "hkd": "ho kinh doanh",
    "dk": "dang ky",
    "dky": "dang ky",
    "gcn": "giay chung nhan",
    "gcnqsdd": "giay chung nhan quyen su dung dat",
    "qsdd": "quyen su dung dat",
    "gpxd": "giay phep xay dung",
    "bhyt": "bao hiem y te",
    "bhxh": "bao hiem xa hoi",
    "bhtn": "bao hiem that nghiep",
    "tctn": "tro cap that nghiep",
    "xnc": "xuat nhap canh",
    "xnttdhn": "xac nhan tinh trang hon nhan",
    "xntthn": "xac nhan tinh trang hon nhan",
    "ks": "khai sinh",
    "ko": "khong",
    "k": "khong",
    "kh": "khong",
    "khg": "khong",
    "kg": "khong",
    "hok": "khong",
    "hong": "khong",
    "hem": "khong",
    "dc": "duoc",
    "bn": "bao nhieu",
    "bnh": "bao nhieu",
    "bnhieu": "bao nhieu",
    "ntn": "nhu the nao",
    "j": "gi",
    "ji": "gi",
    "gj": "gi",
    "sdt": "so dien thoai",
    "dt": "dien thoai",
    "tp": "thanh pho",
    "tphcm": "thanh pho ho chi minh",
    "hcm": "ho chi minh",
    "sg": "sai gon",
    "hn": "ha noi",
    "vs": "voi",
    "mk": "minh",
    "mik": "minh",
    "mn": "moi nguoi",
    "ad": "admin",
    "tks": "cam on",
    "thanks": "cam on",
    "thank": "cam on",
    "tk": "cam on",
    "ok": "dong y",
    "oke": "dong y",
    "okie": "dong y",
    "uh": "u",
    "uk": "u",
    "ng": "nguoi",
    "vneid": "vneid",
    "dvc": "dich vu cong",
    "dvcqg": "dich vu cong quoc gia",
    "ubnd": "uy ban nhan dan",
    "pakn": "phan anh kien nghi",
    "passport": "ho chieu",
}


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics (đ → d) from NFC text, keeping case."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """NFC → lower case → no diacritics → single spaces (punctuation kept)."""
    text = unicodedata.normalize("NFC", text).lower()
    return " ".join(strip_diacritics(text).split())


def tokens(text: str) -> list[str]:
    """Folded word tokens, procedure codes (1.001193) kept whole."""
    return TOKEN_RE.findall(fold(text))


def expand_tokens(words: list[str]) -> list[str]:
    """Replace each abbreviation token with its folded expansion words."""
    out: list[str] = []
    for word in words:
        expansion = ABBREVIATIONS.get(word)
        out.extend(expansion.split() if expansion else [word])
    return out


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Folded, tokenised, abbreviation-expanded text joined by spaces (for matching)."""
    return " ".join(expand_tokens(tokens(text)))
