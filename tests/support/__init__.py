"""Test support: database factories, ports, the real Rasa stack."""
