"""Vietnamese texts the connectors send on their own (welcome, apologies, polite refusals)."""

from __future__ import annotations

EXAMPLES: tuple[str, ...] = (
    "Làm căn cước công dân cần giấy tờ gì?",
    "Lệ phí cấp hộ chiếu là bao nhiêu?",
    "Đăng ký khai sinh nộp hồ sơ ở đâu?",
    "Tôi muốn gửi phản ánh, kiến nghị",
)

_EXAMPLE_LINES = "\n".join(f"• {e}" for e in EXAMPLES)

WELCOME = (
    "Xin chào! Tôi là trợ lý tra cứu thủ tục hành chính.\n\n"
    "Bạn có thể hỏi tôi về giấy tờ cần chuẩn bị, lệ phí, thời gian giải quyết, nơi nộp hồ sơ "
    "và cách nộp trực tuyến. Ví dụ:\n"
    f"{_EXAMPLE_LINES}"
)

HELP = (
    "Bạn chỉ cần gõ câu hỏi bằng tiếng Việt, có dấu hoặc không dấu đều được. Ví dụ:\n"
    f"{_EXAMPLE_LINES}\n\n"
    "Nếu cần gặp cán bộ, bạn hãy nhắn “gặp cán bộ”."
)

APOLOGY_UNAVAILABLE = (
    "Xin lỗi, hệ thống đang bận nên chưa trả lời được câu hỏi của bạn. "
    "Câu hỏi đã được ghi lại để cán bộ xem xét; bạn vui lòng thử lại sau ít phút."
)

NO_REPLY = (
    "Xin lỗi, tôi chưa có câu trả lời cho câu hỏi này. "
    "Câu hỏi đã được ghi lại để cán bộ xem xét."
)

NON_TEXT = (
    "Xin lỗi, hiện tôi chỉ đọc được tin nhắn dạng chữ. "
    "Bạn vui lòng gõ câu hỏi, ví dụ: “Lệ phí cấp hộ chiếu là bao nhiêu?”"
)

EMPTY = (
    "Bạn chưa nhập nội dung. Hãy gõ câu hỏi về thủ tục bạn cần, "
    "ví dụ: “Làm căn cước công dân cần giấy tờ gì?”"
)

TOO_LONG = (
    "Tin nhắn của bạn dài quá (tối đa 2.000 ký tự). "
    "Bạn vui lòng rút gọn câu hỏi hoặc chia thành vài tin ngắn hơn."
)

NO_WORDS = (
    "Cảm ơn bạn! Bạn cần hỏi về thủ tục nào? "
    "Hãy gõ câu hỏi bằng chữ, ví dụ: “Đăng ký khai sinh nộp hồ sơ ở đâu?”"
)

HTML_INPUT = (
    "Tin nhắn có chứa mã HTML nên tôi không xử lý được. "
    "Bạn vui lòng gõ câu hỏi bằng chữ thường."
)

RATE_LIMITED = (
    "Bạn đang gửi tin nhắn hơi nhanh. Vui lòng chờ một chút rồi gửi tiếp; "
    "tin nhắn vừa rồi đã được ghi lại để cán bộ xem xét."
)

EXPIRED_BUTTON = "Nút bấm này đã hết hạn. Bạn vui lòng gõ lại câu hỏi nhé."

BUTTON_PROMPT = "Mời bạn chọn:"

MORE_OPTIONS = "Các lựa chọn khác:"

INVALID_SENDER = "Phiên trò chuyện không hợp lệ. Bạn vui lòng tải lại trang."

BAD_REQUEST = "Yêu cầu không hợp lệ: nội dung gửi lên không phải JSON đúng định dạng."

BODY_TOO_LARGE = "Yêu cầu quá lớn nên không được xử lý. Bạn vui lòng gửi tin nhắn ngắn hơn."

INVALID_UNICODE = (
    "Tin nhắn có ký tự không hợp lệ (lỗi mã hoá Unicode). "
    "Bạn vui lòng gõ lại câu hỏi hoặc xoá ký tự lạ rồi gửi lại."
)

SESSION_REQUIRED = "Phiên trò chuyện đã hết hạn hoặc không hợp lệ. Bạn vui lòng tải lại trang."

FOREIGN_ORIGIN = "Yêu cầu bị từ chối: trang gửi yêu cầu không phải trang trò chuyện của trợ lý."

INTERRUPTED_TURN = (
    "Xin lỗi, một tin nhắn trước của bạn chưa được trả lời vì hệ thống gặp sự cố. "
    "Tin nhắn đã được ghi lại để cán bộ xem xét; bạn có thể gửi lại câu hỏi."
)
