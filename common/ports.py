"""Free loopback TCP ports for local services, chosen below the kernel's ephemeral range.

A port found by binding to port 0 comes from the ephemeral range, the same range the kernel hands to
outgoing connections. Between the check and the service's own bind, a client connection (to PostgreSQL,
Redis, another test server) can take it: CI once saw a Rasa replica fail with "address already in use".
Ports below that range are never given to outgoing connections, so only another listener can take one,
and this process never hands out the same port twice.
"""

from __future__ import annotations

import random
import socket
import threading
from pathlib import Path

RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
LOWEST = 10000  # clear of the well-known and most registered service ports
_given: set[int] = set()
_lock = threading.Lock()


def _candidates() -> range:
    """Ports outside the ephemeral range: below it when there is room, else above it."""
    try:
        low, high = (int(x) for x in RANGE_FILE.read_text().split())
    except (OSError, ValueError):
        low, high = 32768, 60999  # Linux's default
    return range(LOWEST, low) if low - LOWEST >= 2000 else range(high + 1, 65536)


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A loopback port nobody listens on right now and that this process has not handed out before."""
    ports = _candidates()
    with _lock:
        for _ in range(500):
            port = random.choice(ports)
            if port not in _given and _bindable(port):
                _given.add(port)
                return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:  # all taken: let the kernel choose
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
