"""Telegram connector built on python-telegram-bot 22 (long polling or webhook)."""
