"""Action server of the assistant: answer composition and rasa_sdk actions."""
