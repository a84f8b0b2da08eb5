"""Start the action server and the Rasa server as child processes, wait until they answer, stop them."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from common.db import REPO_ROOT, tracker_sqlite_path
from common.db import database_url as default_database_url
from common.rasa_models import current_model
from common.settings import StackSettings, process_environment

logger = logging.getLogger(__name__)
RASA_DIR = REPO_ROOT / "rasa_project"
RASA_BIN = REPO_ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = REPO_ROOT / ".venv-rasa" / "bin" / "python"
APP_PYTHON = REPO_ROOT / ".venv" / "bin" / "python"


class LaunchError(RuntimeError):
    """A child process died or did not become ready in time."""


@dataclass
class Child:
    """One supervised process and the URL that says it is ready."""

    name: str
    process: subprocess.Popen[bytes]
    ready_url: str
    log_path: Path


@dataclass
class Stack:
    """The running Rasa + action servers and the tokens that open them.

    `rasa_token` opens Rasa's REST channel (`Authorization: Bearer`) and its HTTP API (`?token=`);
    `action_token` is what Rasa sends to the action server. Clients use `rasa_headers`/`rasa_params`.
    """

    rasa_url: str
    action_url: str
    rasa_token: str = ""
    action_token: str = ""
    children: list[Child] = field(default_factory=list)
    tracker_url: str = ""  # Rasa's SQL tracker store (SQLAlchemy URL), read by the console's analytics

    @property
    def rasa_headers(self) -> dict[str, str]:
        """Headers for Rasa's REST channel."""
        return {"Authorization": f"Bearer {self.rasa_token}"}

    @property
    def rasa_params(self) -> dict[str, str]:
        """Query parameters for Rasa's HTTP API (e.g. GET /conversations/<id>/tracker)."""
        return {"token": self.rasa_token}

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM every child (process group), then SIGKILL what is left."""
        for child in reversed(self.children):
            if child.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for child in self.children:
            remaining = max(0.1, deadline - time.monotonic())
            try:
                child.process.wait(remaining)
            except subprocess.TimeoutExpired:
                os.killpg(child.process.pid, signal.SIGKILL)
                child.process.wait(5)


def latest_model(models_dir: Path = RASA_DIR / "models") -> Path:
    """The model trained for the current training data (see scripts/train.sh), else the newest one."""
    model = current_model(models_dir)
    if model is None:
        raise LaunchError(f"no trained model in {models_dir}: run `make train`")
    return model


def _die_with_parent() -> None:
    """In the child (Linux): receive SIGTERM if the launcher itself dies, so nothing is orphaned."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _spawn(name: str, cmd: list[str], cwd: Path, env: dict[str, str], log_dir: Path, ready_url: str) -> Child:
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    log = open(log_path, "ab")  # noqa: SIM115 - the child owns the handle for its lifetime
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True, preexec_fn=_die_with_parent)
    return Child(name, proc, ready_url, log_path)


def _wait_ready(child: Child, timeout: float, expect: str | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.process.poll() is not None:
            tail = child.log_path.read_text(errors="replace")[-3000:]
            raise LaunchError(f"{child.name} exited with {child.process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(child.ready_url, timeout=2) as resp:
                body = resp.read().decode("utf-8", "replace")
                if resp.status == 200 and (expect is None or expect in body):
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise LaunchError(f"{child.name} not ready after {timeout:.0f}s (log: {child.log_path})")


def start_stack(
    *,
    rasa_port: int = 5005,
    action_port: int = 5055,
    database_url: str | None = None,
    model: Path | None = None,
    log_dir: Path = REPO_ROOT / "var" / "log",
    extra_env: dict[str, str] | None = None,
    timeout: float = 240.0,
    rasa_token: str | None = None,
    action_token: str | None = None,
    endpoints: str = "endpoints.yml",
) -> Stack:
    """Start the action server and Rasa (token-protected REST channel + HTTP API), wait until both answer.

    Tokens not given are generated (fresh for each stack); read them back from the returned Stack.
    `endpoints`: Rasa's endpoints file, relative to rasa_project/ (the benchmark compares variants).
    """
    env = process_environment(**(extra_env or {}))
    if database_url:
        env["DATABASE_URL"] = database_url
    # endpoints.yml: Rasa's SQL tracker store (conversations survive a restart; the console's analytics read it).
    env["TRACKER_SQLITE_PATH"] = str(tracker_sqlite_path(env.get("DATABASE_URL") or default_database_url(),
                                                         log_dir.parent / "rasa_trackers.db"))
    action_url = f"http://127.0.0.1:{action_port}"
    env["ACTION_ENDPOINT_URL"] = f"{action_url}/webhook"
    env["ACTION_SERVER_HOST"] = "127.0.0.1"
    env["ACTION_SERVER_TOKEN"] = action_token or secrets.token_urlsafe(32)
    env["RASA_AUTH_TOKEN"] = rasa_token or secrets.token_urlsafe(32)
    stack = Stack(rasa_url=f"http://127.0.0.1:{rasa_port}", action_url=action_url,
                  rasa_token=env["RASA_AUTH_TOKEN"], action_token=env["ACTION_SERVER_TOKEN"],
                  tracker_url=f"sqlite:///{env['TRACKER_SQLITE_PATH']}")
    model_path = model or latest_model()
    try:
        actions = _spawn(
            "actions",
            [str(APP_PYTHON), "-m", "bot.action_server", "--actions", "bot.actions", "--port", str(action_port)],
            REPO_ROOT, env, log_dir, f"{action_url}/health",
        )
        stack.children.append(actions)
        rasa = _spawn(
            "rasa",
            # serve.py adds --auth-token from RASA_AUTH_TOKEN (a token on the command line shows in `ps`).
            [str(RASA_PYTHON), "serve.py", "run", "--enable-api", "--model", str(model_path),
             "--port", str(rasa_port), "--interface", "127.0.0.1", "--endpoints", endpoints,
             "--credentials", "credentials.yml"],
            RASA_DIR, env, log_dir, f"{stack.rasa_url}/status?token={stack.rasa_token}",
        )
        stack.children.append(rasa)
        _wait_ready(actions, timeout)
        _wait_ready(rasa, timeout, expect='"model_file"')
    except BaseException:
        stack.stop()
        raise
    return stack


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main() -> int:
    """`python -m bot.launcher`: run the stack in the foreground until Ctrl-C or SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # A background job of a non-interactive shell starts with SIGINT ignored: handle both explicitly.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    print("Đang khởi động máy chủ hành động và Rasa (nạp mô hình mất khoảng 20–40 giây)…", flush=True)
    tokens = StackSettings.from_env()  # RASA_AUTH_TOKEN / ACTION_SERVER_TOKEN (env or var/secrets/), else generated
    stack = start_stack(rasa_token=tokens.rasa_auth_token.get_secret_value() or None,
                        action_token=tokens.action_server_token.get_secret_value() or None)
    print(f"Rasa: {stack.rasa_url}  ·  action server: {stack.action_url}", flush=True)
    try:
        while all(c.process.poll() is None for c in stack.children):
            time.sleep(1)
        dead = [c.name for c in stack.children if c.process.poll() is not None]
        print(f"Stopped: {', '.join(dead)} exited (see var/log).", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        # A second Ctrl-C or the shell's SIGTERM must not cut the clean shutdown short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
