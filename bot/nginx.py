"""nginx in front of the replicas: a generated configuration and a non-daemon nginx child in a temp dir."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")


@dataclass(frozen=True)
class Upstream:
    """One load-balanced group: its name, the loopback port nginx listens on, its replicas' ports."""

    name: str
    listen_port: int
    server_ports: tuple[int, ...]
    public: bool = False  # True: the citizen-facing server (real client address from a trusted front)
    log_requests: bool = False  # benchmark only: which replica served each request, with its body (PII!)


def nginx_binary() -> str | None:
    """The nginx executable, or None when the Debian package is not installed."""
    found = shutil.which("nginx")
    if found:
        return found
    return next((c for c in NGINX_CANDIDATES if os.access(c, os.X_OK)), None)


def _upstream_block(up: Upstream) -> str:
    # Passive health checks: a replica that refuses a connection is skipped for `fail_timeout`.
    servers = "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in up.server_ports)
    return f"  upstream {up.name} {{\n    least_conn;\n{servers}\n    keepalive 32;\n  }}\n"


def _server_block(up: Upstream, listen_host: str, read_timeout: int, prefix: Path) -> str:
    real_ip = f"    access_log {prefix / (up.name + '-requests.log')} requests;\n" if up.log_requests else ""
    if up.public:
        # The address the flood limits see: from a trusted front (cloud load balancer, the benchmark) only.
        real_ip += ("    set_real_ip_from 127.0.0.1;\n    real_ip_header X-Forwarded-For;\n"
                   "    location = /nginx-health { access_log off; return 200 \"ok\\n\"; }\n")
    host = listen_host if up.public else "127.0.0.1"
    return (
        f"  server {{\n    listen {host}:{up.listen_port};\n{real_ip}"
        "    location / {\n"
        f"      proxy_pass http://{up.name};\n"
        "      proxy_http_version 1.1;\n"
        "      proxy_set_header Connection \"\";\n"
        "      proxy_set_header Host $host;\n"
        "      proxy_set_header X-Forwarded-For $remote_addr;\n"
        "      proxy_set_header X-Forwarded-Proto $scheme;\n"
        "      proxy_connect_timeout 2s;\n"
        f"      proxy_read_timeout {read_timeout}s;\n"
        # A replica that died (refused connection, reset, 502) is retried on another one, POSTs included:
        # a turn is only saved at its end, so a turn cut off by a crash has not happened yet.
        "      proxy_next_upstream error timeout http_502 non_idempotent;\n"
        "      proxy_next_upstream_tries 3;\n"
        "    }\n  }\n"
    )


def render_config(prefix: Path, upstreams: list[Upstream], *, listen_host: str = "127.0.0.1",
                  read_timeout: int = 35, as_root: bool | None = None) -> str:
    """The whole nginx.conf: one worker, logs and temp files under `prefix`, one server per upstream."""
    root = os.geteuid() == 0 if as_root is None else as_root
    user = "user www-data;\n" if root else ""
    temp = "".join(f"  {kind}_temp_path {prefix / kind};\n" for kind in ("client_body", "proxy", "fastcgi",
                                                                       "uwsgi", "scgi"))
    body = "".join(_upstream_block(up) + _server_block(up, listen_host, read_timeout, prefix) for up in upstreams)
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\n"
        "events {\n  worker_connections 4096;\n}\n"
        "http {\n  access_log off;\n  server_tokens off;\n  client_max_body_size 1m;\n"
        "  log_format requests escape=json '{\"up\":\"$upstream_addr\",\"status\":\"$status\",\"body\":\"$request_body\"}';\n"
        f"{temp}{body}}}\n"
    )


def write_config(prefix: Path, upstreams: list[Upstream], *, listen_host: str = "127.0.0.1") -> Path:
    """Write nginx.conf under `prefix` (created) and return its path."""
    prefix.mkdir(parents=True, exist_ok=True)
    prefix.chmod(0o755)  # nginx workers (www-data when started as root) use the temp dirs inside
    path = prefix / "nginx.conf"
    path.write_text(render_config(prefix, upstreams, listen_host=listen_host), encoding="utf-8")
    return path


def nginx_command(binary: str, prefix: Path, config: Path) -> list[str]:
    """The command line of a foreground nginx using only `prefix` (not the system service's files)."""
    return [binary, "-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log")]
