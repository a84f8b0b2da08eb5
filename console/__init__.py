"""The staff console: a web workplace for one-stop-shop staff (own process, staff network only)."""
