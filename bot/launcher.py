"""Start the action server and the Rasa server as child processes, wait until they answer, stop them."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from common.db import REPO_ROOT
from common.settings import process_environment

logger = logging.getLogger(__name__)
RASA_DIR = REPO_ROOT / "rasa_project"
RASA_BIN = REPO_ROOT / ".venv-rasa" / "bin" / "rasa"
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
    """The running Rasa + action servers."""

    rasa_url: str
    action_url: str
    children: list[Child] = field(default_factory=list)

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
    pointer = models_dir / "CURRENT"
    if pointer.exists():
        candidate = models_dir / pointer.read_text().strip()
        if candidate.exists():
            return candidate
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise LaunchError(f"no trained model in {models_dir}: run `make train`")
    return models[-1]


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
) -> Stack:
    """Start the action server and Rasa (REST channel + HTTP API) and wait until both answer."""
    env = process_environment(**(extra_env or {}))
    if database_url:
        env["DATABASE_URL"] = database_url
    action_url = f"http://127.0.0.1:{action_port}"
    env["ACTION_ENDPOINT_URL"] = f"{action_url}/webhook"
    stack = Stack(rasa_url=f"http://127.0.0.1:{rasa_port}", action_url=action_url)
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
            [str(RASA_BIN), "run", "--enable-api", "--model", str(model_path), "--port", str(rasa_port),
             "--interface", "127.0.0.1", "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
             "--cors", "http://127.0.0.1:8000"],
            RASA_DIR, env, log_dir, f"{stack.rasa_url}/status",
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
    stack = start_stack()
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
