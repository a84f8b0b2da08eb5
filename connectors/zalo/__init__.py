"""Zalo Official Account connector (OA API v3 webhook in, consultation messages out)."""
