"""What the citizen reads about handovers and ratings (natural Vietnamese, shared by both processes)."""

from __future__ import annotations

QUEUED = ("Tôi đã chuyển cuộc trò chuyện cho cán bộ hỗ trợ. Bạn đang ở vị trí số {position} trong hàng chờ, "
          "thời gian chờ dự kiến khoảng {minutes} phút. Trong lúc chờ, bạn cứ nhắn thêm nội dung cần hỏi; "
          "cán bộ sẽ đọc được toàn bộ cuộc trò chuyện.")
CLAIMED = "Cán bộ hỗ trợ đã tiếp nhận cuộc trò chuyện. Mời bạn trao đổi trực tiếp, cán bộ sẽ trả lời ngay tại đây."
CLOSED = ("Cán bộ đã kết thúc cuộc trò chuyện. Trợ lý tự động tiếp tục hỗ trợ bạn; nếu cần gặp cán bộ lần nữa, "
          "bạn cứ nhắn “gặp cán bộ”.")
OUT_OF_HOURS = ("Hiện đang ngoài giờ làm việc nên chưa có cán bộ trực. Giờ làm việc: {hours}. "
                "Câu hỏi của bạn đã được lưu lại; cán bộ sẽ trả lời bạn ngay tại đây{opening}.")
HOLIDAY = ("Hôm nay là ngày nghỉ lễ nên chưa có cán bộ trực. Giờ làm việc: {hours}. "
           "Câu hỏi của bạn đã được lưu lại; cán bộ sẽ trả lời bạn ngay tại đây{opening}.")
OPENING = " từ {when}"
TIMED_OUT = ("Xin lỗi, hiện các cán bộ đều đang bận nên chưa thể trò chuyện trực tiếp với bạn. Câu hỏi của bạn "
             "đã được lưu lại, cán bộ sẽ trả lời bạn tại đây sớm nhất có thể (giờ làm việc: {hours}). "
             "Trong lúc chờ, bạn vẫn có thể hỏi tôi về thủ tục.")
PAKN_OFFER = "Nếu muốn gửi phản ánh, kiến nghị chính thức để được trả lời bằng văn bản, bạn có thể gửi ngay."
PAKN_BUTTON = "Gửi phản ánh, kiến nghị"
PAKN_PAYLOAD = "/give_feedback"
RATED_UP = "Cảm ơn bạn đã đánh giá! Ý kiến của bạn giúp chúng tôi trả lời tốt hơn."
RATED_DOWN = "Cảm ơn bạn đã góp ý. Câu trả lời chưa đúng ở điểm nào? (Bạn có thể bỏ qua câu hỏi này.)"
ALREADY_RATED = "Bạn đã đánh giá câu trả lời này rồi. Cảm ơn bạn!"
REASON_THANKS = "Cảm ơn bạn. Cán bộ sẽ xem lại câu trả lời này."
STAFF_ANSWER_PREFIX = "Cán bộ trả lời: "
