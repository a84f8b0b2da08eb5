"""rasa_sdk actions (rasa_sdk imports every module here: keep them free of import-time effects)."""
