"""Local fake servers speaking the Telegram Bot API, Zalo OA API and Rasa REST over real HTTP."""
