"""Free TCP ports on the loopback interface (the shared rule in common.ports)."""

from __future__ import annotations

from common.ports import free_port

__all__ = ["free_port"]
