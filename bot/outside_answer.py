"""The honest answer for a procedure outside the catalogue: say so, say who handles it, link the portal."""

from __future__ import annotations

from bot.compose import Reply
from procedures_kb.catalogue_index import PORTAL_SEARCH_URL, CatalogueIndex, IndexEntry, NotOneStop

LEVEL_AGENCY = {
    "commune": "Ủy ban nhân dân cấp xã (bộ phận một cửa)",
    "province": "cơ quan chuyên môn cấp tỉnh (Trung tâm phục vụ hành chính công tỉnh, thành phố)",
    "central": "bộ, ngành trung ương",
}
STAFF_BUTTON = {"title": "Chuyển câu hỏi cho cán bộ", "payload": "/request_human"}


def outside_reply(entry_id: str, index: CatalogueIndex) -> Reply:
    """Not-in-catalogue answer for an index entry, a not-one-stop matter, or an unnamed procedure."""
    entry = index.find(entry_id)
    if isinstance(entry, NotOneStop):
        lead = entry.lead or f"Việc “{entry.name}” không phải thủ tục làm tại bộ phận một cửa."
        return Reply(f"{lead} {entry.where_to_go}", [STAFF_BUTTON])
    if isinstance(entry, IndexEntry):
        return _index_reply(entry)
    return Reply(
        "Thủ tục bạn hỏi chưa có trong dữ liệu đã kiểm chứng của tôi, nên tôi không trả lời chi tiết để tránh "
        f"hướng dẫn sai. Bạn có thể tra cứu thủ tục trên Cổng Dịch vụ công quốc gia: {PORTAL_SEARCH_URL} "
        "(mục “Thủ tục hành chính”, gõ tên thủ tục), gọi tổng đài 18001096, hoặc để tôi chuyển câu hỏi cho cán bộ.",
        [STAFF_BUTTON],
    )


def _index_reply(entry: IndexEntry) -> Reply:
    lines = [f"Thủ tục “{entry.name}” chưa có trong dữ liệu đã kiểm chứng của tôi, nên tôi không trả lời chi tiết "
             "(giấy tờ, lệ phí, thời hạn) để tránh hướng dẫn sai."]
    agency = entry.agency or (LEVEL_AGENCY.get(entry.level.value) if entry.level else None)
    if agency:
        lines.append(f"• Cơ quan giải quyết: {agency}.")
    if entry.code:
        lines.append(f"• Mã thủ tục trên Cơ sở dữ liệu quốc gia: {entry.code}.")
    page = entry.official_page_url or PORTAL_SEARCH_URL
    lines.append(f"• Xem hướng dẫn chính thức: {page}"
                 + ("" if entry.official_page_url else " (gõ tên hoặc mã thủ tục để tìm)"))
    lines.append("Bạn có thể gọi tổng đài 18001096 hoặc để tôi chuyển câu hỏi cho cán bộ.")
    return Reply("\n".join(lines), [STAFF_BUTTON])
