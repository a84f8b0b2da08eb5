"""Free ports for local services: outside the kernel's ephemeral range, bindable, never handed out twice."""

from __future__ import annotations

import socket

from common import ports


def test_ports_are_outside_the_ephemeral_range_and_distinct() -> None:
    low, high = (int(x) for x in ports.RANGE_FILE.read_text().split())
    given = [ports.free_port() for _ in range(50)]
    assert len(set(given)) == 50
    assert all(not (low <= p <= high) and p >= ports.LOWEST for p in given)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", given[-1]))  # still free: nobody was given it before us


def test_a_port_someone_listens_on_is_not_given() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        assert not ports._bindable(taken)
