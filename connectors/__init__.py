"""Messaging connectors: web chat, Telegram and Zalo OA in front of Rasa's REST channel."""
