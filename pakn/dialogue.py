"""Reading citizens' answers in the PAKN chat (cancel, skip, yes/no, type, edits) and composing replies."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from pakn.exceptions import InvalidPhoneNumber
from pakn.models import KIND_LABELS, Kind
from pakn.phone import PhoneNumber, find_phone, parse_phone
from vi_text.text import normalize

SKIPPED = "__skip__"  # an optional question the citizen chose not to answer
DIGRESSION = "__digression__"  # the answer was a procedure question: let the lead's action answer it

PROCEDURE_INTENTS = frozenset({
    "ask_procedure_overview", "ask_documents", "ask_fee", "ask_processing_time", "ask_where",
    "ask_online_submission", "ask_application_status",
})

_PARTICLES = {"a", "nhe", "nha", "di", "luon", "nhe ban", "ad", "admin", "a ad", "roi", "ne", "vay", "thi"}
_CANCEL = {
    "thoi", "huy", "huy bo", "huy di", "bo di", "dung", "dung lai", "thoat", "cancel", "stop", "quit",
    "khong gui", "khong gui nua", "thoi khong gui", "thoi khong gui nua", "khong muon gui nua",
    "thoi huy", "thoi huy di", "huy phan anh", "huy kien nghi", "huy phan anh kien nghi", "thoi khoi gui",
    "khong gui phan anh nua", "khong gui kien nghi nua", "thoi dung", "thoi dung lai", "khong lam nua",
}
_SKIP = {
    "khong", "khong co", "khong can", "bo qua", "skip", "khoi", "thoi khoi", "khong muon", "khong de lai",
    "khong cung cap", "khong biet", "khong ro", "chua ro", "khong nho", "-", "bo qua buoc nay", "khong lien quan",
    "khong co gi", "khong can dau", "khong dau", "de trong", "an danh", "khong muon cung cap", "khong muon de lai",
}
_YES = {
    "co", "dong y", "u", "vang", "da", "dung", "yes", "y", "chac chan", "dong y luu", "toi dong y", "minh dong y",
    "co dong y", "da dong y", "dong y a", "duoc", "chap nhan", "gui", "gui di", "xac nhan", "dung roi",
    "chinh xac", "ok gui", "gui luon", "gui nhe", "u gui di", "co gui", "da vang", "vang a", "da co",
}
_NO = {"khong", "khong dong y", "tu choi", "no", "khong chap nhan", "khong muon", "khong dau", "khong a"}
_EDIT_VERBS = ("sua", "doi", "thay doi", "chinh", "chinh sua", "nhap lai", "ghi lai", "edit", "cap nhat", "sua lai")
_EDIT_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("phone", ("so dien thoai", "dien thoai", "so dt", "phone")),
    ("content", ("noi dung", "mo ta")),
    ("kind", ("loai", "phan anh hay kien nghi", "hinh thuc")),
    ("procedure", ("thu tuc", "co quan")),
    ("place", ("dia phuong", "tinh", "thanh pho", "xa", "phuong", "dia chi", "noi xay ra", "dia diem", "dac khu")),
    ("name", ("ho ten", "ho va ten", "ten")),
)
EDIT_SLOTS: dict[str, tuple[str, ...]] = {
    "kind": ("pakn_kind",),
    "content": ("pakn_content",),
    "procedure": ("pakn_procedure", "pakn_procedure_id"),
    "place": ("pakn_province", "pakn_province_id", "pakn_commune"),
    "name": ("pakn_name",),
    "phone": ("pakn_phone",),
}
_QUESTION_WORDS = ("bao nhieu", "o dau", "nhu the nao", "the nao", "bao lau", "lam sao", "can gi", "gi",
                   "nao", "sao", "may ngay", "co duoc", "duoc khong", "co phai", "co can", "khi nao")


def _norm(text: str) -> str:
    words = normalize(text or "").split()
    while len(words) > 1 and words[-1] in _PARTICLES:
        words.pop()
    return " ".join(words)


def _has_phrase(haystack: str, phrase: str) -> bool:
    return f" {phrase} " in f" {haystack} "


def payload_choice(text: str) -> str | None:
    """The `pakn_choice` of a button payload like /affirm{"pakn_choice":"edit_phone"}, else None."""
    match = re.match(r"^/\w+(\{.*\})\s*$", (text or "").strip())
    if not match:
        return None
    try:
        data = json.loads(match.group(1))
    except ValueError:
        return None
    value = data.get("pakn_choice") if isinstance(data, dict) else None
    return str(value) if value else None


def is_payload(text: str) -> bool:
    """Whether the message is a button payload (/intent or /intent{...})."""
    return (text or "").strip().startswith("/")


def is_cancel(text: str) -> bool:
    """"thôi", "hủy", "huy", "không gửi nữa"…: the whole (short) message asks to stop."""
    return _norm(text) in _CANCEL


def is_skip(text: str) -> bool:
    """"không", "bỏ qua", "không cung cấp"…: decline an optional question."""
    return _norm(text) in _SKIP


def yes_no(text: str) -> bool | None:
    """True for agreement, False for refusal, None when unclear."""
    folded = _norm(text)
    if folded in _YES or folded.startswith("dong y "):
        return True
    if folded in _NO or folded.startswith("khong dong y"):
        return False
    return None


def parse_kind(text: str) -> str | None:
    """phan_anh / kien_nghi when the text names exactly one of them, else None."""
    folded = _norm(text)
    if folded in {k.value.replace("_", " ") for k in Kind}:
        return folded.replace(" ", "_")
    is_pa = _has_phrase(folded, "phan anh") and not _has_phrase(folded, "phan anh kien nghi")
    is_kn = any(_has_phrase(folded, w) for w in ("kien nghi", "de xuat", "gop y", "de nghi", "y kien"))
    if _has_phrase(folded, "phan anh kien nghi"):
        return None
    if is_pa and not is_kn:
        return Kind.phan_anh.value
    if is_kn and not is_pa:
        return Kind.kien_nghi.value
    return None


def explicit_kind(text: str) -> str | None:
    """The type when the message says exactly "phản ánh" or "kiến nghị" (for prefilling), else None."""
    if is_payload(text):
        return None
    folded = _norm(text)
    has_pa, has_kn = _has_phrase(folded, "phan anh"), _has_phrase(folded, "kien nghi")
    if has_pa and not has_kn:
        return Kind.phan_anh.value
    if has_kn and not has_pa:
        return Kind.kien_nghi.value
    return None


def mentions_complaint(text: str) -> bool:
    """Whether the citizen speaks of khiếu nại / tố cáo (handled under other laws than PAKN)."""
    folded = _norm(text)
    return _has_phrase(folded, "khieu nai") or _has_phrase(folded, "to cao")


def parse_edit(text: str) -> str | None:
    """Which field the citizen wants to change ("sửa số điện thoại" → phone), else None."""
    choice = payload_choice(text)
    if choice and choice.startswith("edit_") and choice[5:] in EDIT_SLOTS:
        return choice[5:]
    folded = _norm(text)
    if not any(_has_phrase(folded, verb) for verb in _EDIT_VERBS):
        return None
    for field, phrases in _EDIT_FIELDS:
        if any(_has_phrase(folded, p) for p in phrases):
            return field
    return None


def is_question(text: str) -> bool:
    """Whether a message reads as a question ("lệ phí bao nhiêu?", "nộp ở đâu")."""
    if "?" in (text or ""):
        return True
    folded = _norm(text)
    words = folded.split()
    if words and words[-1] in ("khong", "chua"):
        return len(words) >= 4
    return any(_has_phrase(folded, w) for w in _QUESTION_WORDS)


def parse_phone_answer(text: str) -> PhoneNumber | None:
    """The number in an answer ("0912 345 678", "sđt: +84 912345678"), else None."""
    try:
        return parse_phone(text)
    except InvalidPhoneNumber:
        pass
    found = find_phone(text)
    return parse_phone(found) if found else None


def shown(value: Any, empty: str = "(không cung cấp)") -> str:
    """A slot value for display: SKIPPED and empty values become `empty`."""
    if value is None or value == SKIPPED or (isinstance(value, str) and not value.strip()):
        return empty
    return str(value)


def render_summary(slots: Mapping[str, Any], max_content: int = 600) -> str:
    """The draft as the citizen will confirm it."""
    content = shown(slots.get("pakn_content"), "")
    if len(content) > max_content:
        content = content[: max_content - 1] + "…"
    place = shown(slots.get("pakn_province"), "")
    commune = slots.get("pakn_commune")
    if commune and commune != SKIPPED:
        place = f"{commune}, {place}"
    phone = slots.get("pakn_phone")
    phone_text = shown(phone)
    if phone and phone != SKIPPED:
        try:
            phone_text = parse_phone(str(phone)).pretty()
        except InvalidPhoneNumber:
            phone_text = str(phone)
    kind = KIND_LABELS.get(str(slots.get("pakn_kind")), "—")
    lines = [
        "Bạn kiểm tra lại thông tin trước khi gửi nhé:",
        f"• Loại: {kind}",
        f"• Nội dung: {content}",
        f"• Thủ tục/cơ quan liên quan: {shown(slots.get('pakn_procedure'), '(không nêu)')}",
        f"• Địa phương: {place}",
        f"• Họ tên: {shown(slots.get('pakn_name'))}",
        f"• Số điện thoại: {phone_text}",
        "• Đồng ý lưu dữ liệu cá nhân để xử lý: Có",
        "",
        "Bấm “Gửi” để gửi, chọn mục cần sửa, hoặc “Hủy” để không gửi nữa.",
    ]
    return "\n".join(lines)
