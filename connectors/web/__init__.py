"""The port-8000 web service: web chat, platform webhooks, health, and staff mount point."""
