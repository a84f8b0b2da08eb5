"""The local web chat: one HTML page with vanilla JS, and its JSON endpoints."""
