"""Vietnamese wording of the KB's typed values (money, dates, units, channels), shared by answers and exports."""

from __future__ import annotations

import datetime as dt

from procedures_kb.schema import Channel, Confidence, DocForm, FeeKind, Level, ProcessingTime, TimeUnit

FORM_LABEL: dict[DocForm, str] = {
    DocForm.original: "bản chính",
    DocForm.copy: "bản sao",
    DocForm.certified_copy: "bản sao có chứng thực",
    DocForm.present_original: "xuất trình bản chính",
    DocForm.electronic: "bản điện tử",
}
UNIT_LABEL: dict[TimeUnit, str] = {
    TimeUnit.working_days: "ngày làm việc",
    TimeUnit.days: "ngày",
    TimeUnit.hours: "giờ",
    TimeUnit.immediate: "ngay khi tiếp nhận",
}
LEVEL_LABEL: dict[Level, str] = {Level.commune: "cấp xã", Level.province: "cấp tỉnh", Level.central: "trung ương"}
CHANNEL_LABEL: dict[Channel, str] = {
    Channel.in_person: "trực tiếp",
    Channel.online: "trực tuyến",
    Channel.postal: "qua bưu chính",
    Channel.vneid: "trên ứng dụng VNeID",
    Channel.phone: "qua điện thoại",
    Channel.email: "qua thư điện tử",
}
CONFIDENCE_LABEL: dict[Confidence, str] = {
    Confidence.high: "cao",
    Confidence.medium: "trung bình",
    Confidence.low: "thấp",
}
KIND_LABEL: dict[FeeKind, str] = {
    FeeKind.regular: "mức thông thường",
    FeeKind.reduction: "mức giảm",
    FeeKind.exemption: "miễn",
}
STATUS_LABEL: dict[str, str] = {"active": "đang áp dụng", "abolished": "đã bãi bỏ", "unpublished": "chưa công bố"}
CATEGORY_LABEL: dict[str, str] = {
    "can_cuoc": "Căn cước",
    "cu_tru": "Cư trú",
    "ho_tich": "Hộ tịch",
    "chung_thuc": "Chứng thực",
    "tu_phap": "Tư pháp",
    "xuat_nhap_canh": "Xuất nhập cảnh",
    "giao_thong": "Giao thông",
    "kinh_doanh": "Kinh doanh",
    "dat_dai": "Đất đai",
    "xay_dung": "Xây dựng",
    "lao_dong": "Lao động, việc làm",
    "bao_hiem": "Bảo hiểm",
    "thue": "Thuế",
    "bao_tro_xa_hoi": "Bảo trợ xã hội",
}
NOT_FIXED = "chưa có mức thu thống nhất toàn quốc"


def money(amount: int | None) -> str:
    """100000 → '100.000 đồng'; 0 → 'miễn phí'; None → 'chưa có mức thu thống nhất toàn quốc'."""
    if amount is None:
        return NOT_FIXED
    if amount == 0:
        return "miễn phí"
    return f"{amount:,}".replace(",", ".") + " đồng"


def vn_date(day: dt.date) -> str:
    """A date as dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y")


def number(value: float) -> str:
    """3.0 → '3', 0.5 → '0,5' (Vietnamese decimal comma)."""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def duration(time: ProcessingTime) -> str:
    """'7 ngày làm việc', '24 giờ' or 'ngay khi tiếp nhận'."""
    if time.unit == TimeUnit.immediate or time.amount is None:
        return UNIT_LABEL[TimeUnit.immediate]
    return f"{number(time.amount)} {UNIT_LABEL[time.unit]}"


def category_label(category: str) -> str:
    """Vietnamese name of a category id (the id itself when unknown)."""
    return CATEGORY_LABEL.get(category, category.replace("_", " ").capitalize())
