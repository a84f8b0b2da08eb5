"""Tests of the messaging connectors (fakes for Telegram, Zalo and Rasa live in `fakes/`)."""
