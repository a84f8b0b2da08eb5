"""Chats of custom-action questions shared by the benchmarks (no third-party imports: both venvs use it)."""

from __future__ import annotations

# Chats of questions that each run a custom action (the procedure answers); follow-ups keep the procedure.
CHATS: tuple[tuple[str, ...], ...] = (
    ("đăng ký kết hôn cần giấy tờ gì", "còn thời gian bao lâu?", "lệ phí bao nhiêu?"),
    ("lam ho chieu het bao nhieu tien", "can giay to gi", "nop o dau"),
    ("lam cccd can giay to gi", "mất bao lâu", "có làm online được không"),
    ("lệ phí đăng ký khai sinh", "cần giấy tờ gì?", "nộp ở đâu?"),
)

