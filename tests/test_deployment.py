"""docker-compose.yml, the Makefile and .env.example agree with the code (Docker itself does not run here)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_services_and_wiring() -> None:
    services = _compose()["services"]
    assert {"postgres", "rasa", "action-server", "web", "kb-init", "redis"} <= set(services)
    for name, svc in services.items():
        for dep in svc.get("depends_on", {}):
            assert dep in services, f"{name} depends on unknown {dep}"
        build = svc.get("build")
        if build:
            assert (ROOT / build["dockerfile"]).exists()
    assert services["rasa"]["environment"]["ACTION_ENDPOINT_URL"] == "http://action-server:5055/webhook"
    assert "5055" in services["action-server"]["command"]
    assert services["web"]["environment"]["RASA_URL"] == "http://rasa:5005"
    assert "5005" in services["rasa"]["command"]
    assert services["web"]["ports"] == ["8000:8000"]
    for name in ("action-server", "web", "kb-init"):
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgresql://")
        assert "@postgres:5432/" in services[name]["environment"]["DATABASE_URL"]


def test_commands_match_the_code_and_makefile() -> None:
    services = _compose()["services"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    launcher = (ROOT / "bot" / "launcher.py").read_text(encoding="utf-8")
    assert services["kb-init"]["command"][-2:] == ["procedures_kb", "load"] and "procedures_kb load" in makefile
    assert '"bot.action_server", "--actions", "bot.actions"' in launcher
    assert services["action-server"]["command"][1:5] == ["-m", "bot.action_server", "--actions", "bot.actions"]
    assert services["web"]["command"] == ["python", "-m", "connectors"]
    assert (ROOT / "connectors" / "__main__.py").exists()
    endpoints = yaml.safe_load((ROOT / "rasa_project" / "endpoints.production.yml").read_text(encoding="utf-8"))
    assert endpoints["tracker_store"]["type"] == "SQL" and endpoints["lock_store"]["type"] == "redis"


def test_no_secret_values_in_compose_or_env_example() -> None:
    compose_text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert not re.search(r"^\s*[A-Z_]*(PASSWORD|TOKEN|SECRET)[A-Z_]*: *(?!\$\{)\S", compose_text, re.MULTILINE)
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for line in example.splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            if any(s in key for s in ("TOKEN", "SECRET", "PASSWORD", "KEY")):
                assert value == "", f"{key} must be empty in .env.example"


def test_env_example_lists_every_variable_the_code_reads() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = {line.split("=", 1)[0] for line in example.splitlines() if "=" in line and not line.startswith("#")}
    read: set[str] = set()
    for path in list((ROOT / "bot").rglob("*.py")) + list((ROOT / "connectors").rglob("*.py")) + list(
        (ROOT / "procedures_kb").rglob("*.py")
    ):
        read |= set(re.findall(r'environ(?:\.get)?\(\s*"([A-Z][A-Z0-9_]+)"', path.read_text(encoding="utf-8")))
        read |= set(re.findall(r'environ\["([A-Z][A-Z0-9_]+)"\]', path.read_text(encoding="utf-8")))
        if path.name == "settings.py":
            read |= set(re.findall(r'"([A-Z][A-Z0-9]+_[A-Z0-9_]+)"', path.read_text(encoding="utf-8")))
    missing = {v for v in read if v not in listed} - {"PYTHONPATH", "ACTION_ENDPOINT_URL"}
    assert not missing, f"add to .env.example: {sorted(missing)}"
