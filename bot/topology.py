"""The scale-out topology from local engines: nginx, connector, Rasa and action-server replicas."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from bot.launcher import APP_PYTHON, RASA_DIR, RASA_PYTHON, Child, LaunchError, Stack, _spawn, _wait_ready, latest_model
from bot.nginx import Upstream, nginx_binary, nginx_command, write_config
from common.db import REPO_ROOT
from common.migrate import upgrade
from common.ports import free_port
from common.scale_settings import ScaleSettings
from common.settings import process_environment
from procedures_kb.loader import load_into_database


@dataclass
class Topology:
    """The running replicas; `public_url` is nginx's citizen-facing side, `rasa_url` its Rasa side."""

    public_url: str
    rasa_url: str
    rasa_token: str
    tracker_database_url: str
    database_url: str
    name: str  # lock-key prefix and event queue of this topology
    children: dict[str, Child] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    nginx_dir: Path = Path()
    settings: ScaleSettings | None = None

    def replica_url(self, name: str) -> str:
        """Direct URL of one replica (e.g. `rasa-2`), bypassing nginx."""
        return f"http://127.0.0.1:{self.ports[name]}"

    def kill(self, name: str) -> None:
        """SIGKILL one replica (its process group): no shutdown handler runs."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.children[name].process.pid, signal.SIGKILL)
        self.children[name].process.wait(10)

    def alive(self) -> list[str]:
        """Names of the children still running."""
        return [n for n, c in self.children.items() if c.process.poll() is None]

    def stop(self, timeout: float = 20.0) -> None:
        """Stop every child (SIGTERM, then SIGKILL) in reverse start order."""
        Stack("", "", children=list(self.children.values())).stop(timeout)


def ensure_database(url: str) -> None:
    """CREATE DATABASE for a PostgreSQL URL when it does not exist yet."""
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": parsed.database}).first():
                conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        admin.dispose()


def drop_database(url: str) -> None:
    """DROP DATABASE (tests), closing the connections left by killed processes."""
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                         {"n": parsed.database})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
    finally:
        admin.dispose()


_DELETE_QUEUE = """
import asyncio, os, aio_pika
async def main():
    connection = await aio_pika.connect(host=os.environ["Q_HOST"], port=int(os.environ["Q_PORT"]),
                                        login=os.environ["Q_USER"], password=os.environ["Q_PASSWORD"])
    async with connection:
        queue = await (await connection.channel()).declare_queue(os.environ["Q_NAME"], passive=True)
        print(queue.declaration_result.message_count)
        if os.environ["Q_DELETE"] == "1":
            await queue.delete(if_unused=False, if_empty=False)
asyncio.run(main())
"""


def event_queue_depth(settings: ScaleSettings, name: str, *, delete: bool = False) -> int:
    """Events waiting in the topology's RabbitMQ queue (-1 if unreadable); `delete` drops the queue after.

    Tests and the benchmark delete theirs (nobody consumes them). aio-pika lives in .venv-rasa.
    """
    env = process_environment(Q_HOST=settings.rabbitmq_host, Q_PORT=str(settings.rabbitmq_port),
                              Q_USER=settings.rabbitmq_username, Q_PASSWORD=settings.effective_rabbitmq_password,
                              Q_NAME=f"{name}_events", Q_DELETE="1" if delete else "0")
    done = subprocess.run([str(RASA_PYTHON), "-c", _DELETE_QUEUE], env=env, timeout=60, check=False,
                          capture_output=True, text=True)
    return int(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip().isdigit() else -1


def prepare_databases(settings: ScaleSettings, *, load_kb: bool = True) -> None:
    """Create both databases; migrate and load the catalogue into the application one."""
    ensure_database(settings.scale_database_url)
    ensure_database(settings.tracker_database_url)
    engine = create_engine(settings.scale_database_url)
    try:
        upgrade(engine)
        if load_kb:
            load_into_database(engine)
    finally:
        engine.dispose()


def _rasa_env(settings: ScaleSettings, name: str, action_lb: int) -> dict[str, str]:
    tracker = make_url(settings.tracker_database_url)
    return {
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_lb}/webhook",
        "TRACKER_DB_HOST": tracker.host or "127.0.0.1", "TRACKER_DB_PORT": str(tracker.port or 5432),
        "TRACKER_DB_NAME": tracker.database or "", "TRACKER_DB_USER": tracker.username or "",
        "TRACKER_DB_PASSWORD": tracker.password or "",
        "REDIS_HOST": settings.redis_host, "REDIS_PORT": str(settings.redis_port),
        "REDIS_PASSWORD": settings.redis_password.get_secret_value(), "REDIS_DB": "1",
        "LOCK_KEY_PREFIX": name,
        "RABBITMQ_HOST": settings.rabbitmq_host, "RABBITMQ_PORT": str(settings.rabbitmq_port),
        "RABBITMQ_USERNAME": settings.rabbitmq_username, "RABBITMQ_PASSWORD": settings.effective_rabbitmq_password,
        "RABBITMQ_QUEUE": f"{name}_events",
        # A replica killed mid-turn holds its conversation's ticket: it expires after this many seconds.
        "TICKET_LOCK_LIFETIME": "15",
        "SANIC_WORKERS": "1", "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }


def _wait_for_tracker_tables(url: str, child: Child, timeout: float) -> None:
    # The first replica creates the tracker tables; the others start after, so they never race to create them.
    engine = create_engine(url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if child.process.poll() is not None:
                raise LaunchError(f"{child.name} exited: {child.log_path.read_text(errors='replace')[-2000:]}")
            with engine.connect() as conn:
                if inspect(conn).has_table("events"):
                    return
            time.sleep(0.5)
    finally:
        engine.dispose()
    raise LaunchError(f"{child.name} created no tracker table in {timeout:.0f}s")


def start_topology(settings: ScaleSettings, *, name: str = "tthc", log_dir: Path | None = None,
                   model: Path | None = None, extra_env: dict[str, str] | None = None,
                   fixed_ports: bool = False, timeout: float = 300.0, log_rasa_requests: bool = False) -> Topology:
    """Start nginx, the action servers, the Rasa replicas and the connector processes; wait until all answer.

    `fixed_ports`: the public port from the settings and Rasa/action balancers on 5005/5055 (`make scale`);
    otherwise free ports everywhere (tests, benchmark). `log_rasa_requests` (benchmark only): nginx logs which
    replica served each Rasa request, with its body, in `<nginx_dir>/rasa-requests.log`.
    """
    binary = nginx_binary()
    if binary is None:
        raise LaunchError("nginx is not installed: apt-get install -y nginx (scripts/setup.sh does it)")
    log_dir = log_dir or REPO_ROOT / "var" / "log" / "scale"
    counts = {"actions": settings.scale_action_replicas, "rasa": settings.scale_rasa_replicas,
              "web": settings.scale_web_replicas}
    ports = {f"{kind}-{i}": free_port() for kind, n in counts.items() for i in range(1, n + 1)}
    ports |= {"public": settings.scale_public_port if fixed_ports else free_port(),
              "rasa-lb": 5005 if fixed_ports else free_port(), "actions-lb": 5055 if fixed_ports else free_port()}
    rasa_token = settings.rasa_auth_token.get_secret_value() or secrets.token_urlsafe(32)
    action_token = settings.action_server_token.get_secret_value() or secrets.token_urlsafe(32)
    topo = Topology(public_url=f"http://127.0.0.1:{ports['public']}", rasa_url=f"http://127.0.0.1:{ports['rasa-lb']}",
                    rasa_token=rasa_token, tracker_database_url=settings.tracker_database_url,
                    database_url=settings.scale_database_url, name=name, ports=ports, settings=settings)

    def group(kind: str) -> tuple[int, ...]:
        return tuple(ports[f"{kind}-{i}"] for i in range(1, counts[kind] + 1))

    prefix = topo.nginx_dir = Path(tempfile.mkdtemp(prefix=f"nginx-{name}-"))
    config = write_config(prefix, [Upstream("web", ports["public"], group("web"), public=True),
                                   Upstream("rasa", ports["rasa-lb"], group("rasa"), log_requests=log_rasa_requests),
                                   Upstream("actions", ports["actions-lb"], group("actions"))])
    base = process_environment(**(extra_env or {}))
    base |= {"DATABASE_URL": settings.scale_database_url, "ACTION_SERVER_HOST": "127.0.0.1",
             "ACTION_SERVER_TOKEN": action_token, "RASA_AUTH_TOKEN": rasa_token}
    model_path = model or latest_model()
    try:
        nginx = _spawn("nginx", nginx_command(binary, prefix, config), REPO_ROOT, base, log_dir,
                       f"{topo.public_url}/nginx-health")
        topo.children["nginx"] = nginx
        _wait_ready(nginx, 20)
        for i, port in enumerate(group("actions"), 1):
            topo.children[f"actions-{i}"] = _spawn(
                f"actions-{i}", [str(APP_PYTHON), "-m", "bot.action_server", "--actions", "bot.actions",
                                 "--port", str(port)], REPO_ROOT, base, log_dir, f"http://127.0.0.1:{port}/health")
        # One session secret and one sealing key for all web processes: any of them accepts any cookie.
        web_env = {"WEBCHAT_SESSION_SECRET": secrets.token_urlsafe(32),
                   "CONNECTORS_SECRETS_KEY": Fernet.generate_key().decode()} | base
        web_env |= {"RASA_URL": topo.rasa_url, "CONNECTORS_AUTO_MIGRATE": "false", "WEB_HOST": "127.0.0.1"}
        for i, port in enumerate(group("web"), 1):
            topo.children[f"web-{i}"] = _spawn(f"web-{i}", [str(APP_PYTHON), "-m", "connectors"], REPO_ROOT,
                                               web_env | {"WEB_PORT": str(port)}, log_dir,
                                               f"http://127.0.0.1:{port}/healthz")
        for i, port in enumerate(group("rasa"), 1):
            env = base | _rasa_env(settings, name, ports["actions-lb"])
            child = _spawn(f"rasa-{i}", [str(RASA_PYTHON), "serve.py", "run", "--model", str(model_path),
                                         "--port", str(port), "--interface", "127.0.0.1",
                                         "--endpoints", "endpoints.scale.yml", "--credentials", "credentials.yml"],
                           RASA_DIR, env, log_dir, f"http://127.0.0.1:{port}/")
            topo.children[child.name] = child
            if i == 1:
                _wait_for_tracker_tables(settings.tracker_database_url, child, timeout)
        for name_, child in topo.children.items():
            _wait_ready(child, timeout, expect="Hello from Rasa" if name_.startswith("rasa") else None)
    except BaseException:
        topo.stop()
        raise
    return topo


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main() -> int:
    """`python -m bot.topology` (`make scale`): start everything, print the addresses, run until Ctrl-C."""
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    settings = ScaleSettings.from_env()
    print("==> PostgreSQL: migrating and loading the catalogue…", flush=True)
    prepare_databases(settings)
    counts = (settings.scale_web_replicas, settings.scale_rasa_replicas, settings.scale_action_replicas)
    print("==> Starting nginx, {} web, {} Rasa and {} action-server processes (about a minute)…".format(*counts),
          flush=True)
    topo = start_topology(settings, fixed_ports=True)
    print(f"\n  Web chat (nginx → {counts[0]} web processes): {topo.public_url}/")
    print(f"  Rasa (nginx → {counts[1]} replicas, token required): {topo.rasa_url}   logs: var/log/scale/\n",
          flush=True)
    try:
        while True:
            dead = [n for n, c in topo.children.items() if c.process.poll() is not None]
            if "nginx" in dead or len(dead) == len(topo.children) - 1:
                print(f"Stopped: {', '.join(dead)} exited (see var/log/scale).", flush=True)
                return 1
            time.sleep(1)
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        topo.stop()


if __name__ == "__main__":
    import sys

    sys.exit(main())
