"""deploy/k8s/ manifests: valid against Kubernetes' schemas (offline), complete, and free of secret values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.30"


def _documents() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for path in sorted(K8S.glob("*.yaml")):
        docs += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    return docs


def _by_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in _documents() if d["kind"] == kind}


@pytest.mark.parametrize("doc", _documents(), ids=lambda d: f"{d['kind']}/{d['metadata']['name']}")
def test_every_manifest_is_valid_for_kubernetes(doc: dict[str, Any]) -> None:
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_the_topology_is_complete() -> None:
    deployments, services, hpas = _by_kind("Deployment"), _by_kind("Service"), _by_kind("HorizontalPodAutoscaler")
    assert set(deployments) == {"web", "rasa", "action-server"} == set(services) == set(hpas)
    for name, dep in deployments.items():
        assert dep["spec"]["replicas"] >= 2, f"{name}: one replica is a single point of failure"
        assert hpas[name]["spec"]["minReplicas"] >= 2
        assert hpas[name]["spec"]["scaleTargetRef"]["name"] == name
        for container in dep["spec"]["template"]["spec"]["containers"]:
            assert container["readinessProbe"] and container["livenessProbe"], name
            assert container["resources"]["requests"]["cpu"] and container["resources"]["requests"]["memory"]
    assert "endpoints.scale.yml" in deployments["rasa"]["spec"]["template"]["spec"]["containers"][0]["command"]
    assert _by_kind("Ingress")["web"]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"] == "web"


def test_secrets_come_by_reference_only() -> None:
    assert not _by_kind("Secret"), "secrets are created out of band (deploy/k8s/README.md), never committed"
    for dep in _by_kind("Deployment").values():
        for container in dep["spec"]["template"]["spec"]["containers"]:
            for env in container.get("env", []):
                if any(word in env["name"] for word in ("TOKEN", "SECRET", "PASSWORD", "KEY", "DATABASE_URL")):
                    assert "value" not in env and env["valueFrom"]["secretKeyRef"]["name"] == "tthc-secrets", env
    config = _by_kind("ConfigMap")["tthc-config"]["data"]
    assert not any(word in key for key in config for word in ("TOKEN", "SECRET", "PASSWORD"))


def test_rasa_gets_every_variable_its_endpoints_use() -> None:
    import re

    used = set(re.findall(r"\$\{(\w+)\}", (ROOT / "rasa_project" / "endpoints.scale.yml").read_text(encoding="utf-8")))
    container = _by_kind("Deployment")["rasa"]["spec"]["template"]["spec"]["containers"][0]
    given = {e["name"] for e in container["env"]} | set(_by_kind("ConfigMap")["tthc-config"]["data"])
    assert used <= given, f"missing for Rasa: {sorted(used - given)}"
