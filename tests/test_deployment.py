"""docker-compose.yml, the Makefile and .env.example agree with the code (Docker itself does not run here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic import SecretStr

from common.settings import ActionServerSettings, ConfigurationError, PaknSettings
from common.settings_registry import ALL_SETTINGS, NOT_PROCESS_SETTINGS

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_services_and_wiring() -> None:
    services = _compose()["services"]
    assert {"postgres", "rasa", "action-server", "web", "kb-init", "redis", "rabbitmq", "nginx"} <= set(services)
    for name, svc in services.items():
        for dep in svc.get("depends_on", {}):
            assert dep in services, f"{name} depends on unknown {dep}"
        build = svc.get("build")
        if build:
            assert (ROOT / build["dockerfile"]).exists()
    # Issue 16: nginx publishes the web replicas and balances web -> Rasa -> action servers (deploy/nginx).
    assert services["rasa"]["environment"]["ACTION_ENDPOINT_URL"] == "http://nginx:5055/webhook"
    assert "5055" in services["action-server"]["command"]
    assert services["web"]["environment"]["RASA_URL"] == "http://nginx:5005"
    assert "5005" in services["rasa"]["command"]
    assert services["nginx"]["ports"] == ["8000:8000"] and "ports" not in services["web"]
    for name in ("web", "rasa", "action-server"):
        assert services[name]["deploy"]["replicas"] >= 2, name
    nginx_conf = (ROOT / services["nginx"]["volumes"][0].split(":")[0]).read_text(encoding="utf-8")
    assert all(f"server {host}" in nginx_conf for host in ("web:8000", "rasa:5005", "action-server:5055"))
    assert all(p.startswith("127.0.0.1:") for p in services["console"]["ports"]), "the console is not public"
    for name in ("action-server", "web", "kb-init", "console"):
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
    assert "endpoints.scale.yml" in services["rasa"]["command"]
    endpoints = yaml.safe_load((ROOT / "rasa_project" / "endpoints.scale.yml").read_text(encoding="utf-8"))
    assert endpoints["tracker_store"]["type"] == "stores.sql_tracker.SingleLoadSQLTrackerStore"
    assert endpoints["event_broker"]["type"] == "pika"
    assert endpoints["lock_store"]["type"] == "stores.redis_lock.AtomicRedisLockStore"
    assert (ROOT / "rasa_project" / "stores" / "redis_lock.py").exists()


def test_no_secret_values_in_compose_or_env_example() -> None:
    compose_text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert not re.search(r"^\s*[A-Z_]*(PASSWORD|TOKEN|SECRET)[A-Z_]*: *(?!\$\{)\S", compose_text, re.MULTILINE)
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for line in example.splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            if any(s in key for s in ("TOKEN", "SECRET", "PASSWORD", "KEY")):
                assert value == "", f"{key} must be empty in .env.example"


def _env_example() -> dict[str, str]:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    pairs = (line.split("=", 1) for line in example.splitlines() if "=" in line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def test_env_example_matches_the_settings_classes() -> None:
    listed = _env_example()
    declared = {var for cls in ALL_SETTINGS for var in cls.env_names().values()}
    assert not declared - set(listed), f"add to .env.example: {sorted(declared - set(listed))}"
    unknown = set(listed) - declared - NOT_PROCESS_SETTINGS
    assert not unknown, f"nothing reads these; remove them from .env.example or declare them: {sorted(unknown)}"
    secrets = {var for cls in ALL_SETTINGS for field, var in cls.env_names().items()
               if cls.model_fields[field].annotation is SecretStr}
    assert secrets >= {"STAFF_API_TOKEN", "TELEGRAM_BOT_TOKEN", "ZALO_APP_SECRET"}
    assert all(listed[var] == "" for var in secrets), "secrets must be empty in .env.example"


def test_every_example_value_is_accepted() -> None:
    env = _env_example()
    for cls in ALL_SETTINGS:
        cls.from_env(env)


def test_compose_passes_only_declared_variables() -> None:
    declared = {var for cls in ALL_SETTINGS for var in cls.env_names().values()}
    for name in ("action-server", "web", "kb-init", "console"):
        passed = set(_compose()["services"][name].get("environment") or {})
        assert passed <= declared, f"{name}: nothing reads {sorted(passed - declared)}"


def test_a_bad_value_is_refused_naming_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="KB_CACHE_SECONDS"):
        ActionServerSettings.from_env({"KB_CACHE_SECONDS": "soon"})
    with pytest.raises(ConfigurationError, match="TTHC_TODAY"):
        ActionServerSettings.from_env({"TTHC_TODAY": "31/12/2026"})
    with pytest.raises(ConfigurationError, match="PAKN_RETENTION_DAYS"):
        PaknSettings.from_env({"PAKN_RETENTION_DAYS": "0"})
