"""The deployment files in ``deploy/`` are valid for the tools that read them, checked offline (no Docker engine or
cluster is needed): ``docker-compose config``, ``kubectl kustomize`` and ``haproxy -c``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import Any, Dict, List

import pytest
import yaml

from bot.config import ROOT

DEPLOY = ROOT / "deploy"
SECRETS = re.findall(r"^([A-Z_]+)=", (DEPLOY / "lifeline.env.example").read_text(), flags=re.MULTILINE)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (.ci/run installs it)")
    return path


def compose_config(env: Dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([tool("docker-compose"), "-p", "lifeline", "-f", str(DEPLOY / "compose.yaml"), "config"],
                          env={"PATH": os.environ["PATH"], **env}, capture_output=True, text=True, timeout=60)


def test_compose_is_valid_and_publishes_only_the_webhook_and_a_loopback_console() -> None:
    result = compose_config({name: "x" for name in SECRETS})
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert {"postgres", "redis", "rasa-1", "rasa-2", "actions-1", "actions-2", "connector-1", "connector-2",
            "console", "balancer"} <= set(services)
    published = {name: service.get("ports", []) for name, service in services.items() if service.get("ports")}
    assert list(published) == ["balancer"]
    ports = [str(port) if not isinstance(port, dict) else f"{port['published']}:{port['target']}"
             for port in published["balancer"]]
    assert sorted(ports) == ["127.0.0.1:8080:8080/tcp", "8443:8443"]
    for name in ("rasa-1", "rasa-2"):
        assert any(str(v).endswith(":/app/endpoints.yml:ro") or (isinstance(v, dict) and v.get("target") ==
                   "/app/endpoints.yml") for v in services[name]["volumes"])


def test_compose_refuses_to_start_without_the_secrets() -> None:
    result = compose_config({})
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr


def rendered() -> List[Dict[str, Any]]:
    result = subprocess.run([tool("kubectl"), "kustomize", str(DEPLOY)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def test_kubernetes_manifests_have_probes_resources_and_no_secret_values() -> None:
    documents = rendered()
    kinds = [doc["kind"] for doc in documents]
    assert "Secret" not in kinds
    deployments = {doc["metadata"]["name"]: doc for doc in documents if doc["kind"] == "Deployment"}
    assert set(deployments) == {"rasa", "actions", "connector", "console"}
    assert deployments["rasa"]["spec"]["replicas"] == 2 and deployments["connector"]["spec"]["replicas"] == 2
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        for container in pod["containers"]:
            for probe in ("readinessProbe", "livenessProbe"):
                assert "httpGet" in container[probe] or "tcpSocket" in container[probe], name
            assert re.fullmatch(r"\d+Mi", container["resources"]["requests"]["memory"]), name
            assert {"secretRef": {"name": "lifeline"}} in container["envFrom"], name
    endpoints = next(doc for doc in documents if doc["kind"] == "ConfigMap"
                     and doc["metadata"]["name"].startswith("lifeline-endpoints"))
    assert yaml.safe_load(endpoints["data"]["endpoints.yml"])["lock_store"]["type"] == "redis"


def test_every_setting_compose_gives_the_processes_reaches_them_on_kubernetes() -> None:
    """On Kubernetes the processes read the ConfigMap and the Secret made from lifeline.env.example: between them
    they must name everything compose sets (the managed databases' addresses included)."""
    result = compose_config({name: "x" for name in SECRETS})
    assert result.returncode == 0, result.stderr
    connector = yaml.safe_load(result.stdout)["services"]["connector-1"]["environment"]
    settings = next(doc for doc in rendered() if doc["kind"] == "ConfigMap"
                    and doc["metadata"]["name"].startswith("lifeline-settings"))
    assert set(connector) - set(settings["data"]) - set(SECRETS) == set()
    assert {"DATABASE_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD"} <= set(SECRETS)


def test_the_balancer_configuration_is_valid() -> None:
    result = subprocess.run([tool("haproxy"), "-c", "-f", str(DEPLOY / "haproxy.cfg")], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_endpoints_use_the_shared_stores() -> None:
    endpoints = yaml.safe_load((DEPLOY / "endpoints.yml").read_text())
    assert endpoints["lock_store"]["type"] == "redis"
    assert endpoints["tracker_store"]["type"] == yaml.safe_load((ROOT / "endpoints.yml").read_text())[
        "tracker_store"]["type"]


def test_production_endpoints_read_their_addresses_from_the_environment(monkeypatch) -> None:
    from rasa.core.utils import read_endpoints_from_path

    for name, value in {"LIFELINE_ACTIONS_URL": "http://actions:5055/webhook", "REDIS_HOST": "redis",
                        "REDIS_PORT": "6379", "REDIS_PASSWORD": "secret"}.items():
        monkeypatch.setenv(name, value)
    endpoints = read_endpoints_from_path(DEPLOY / "endpoints.yml")
    assert endpoints.action.url == "http://actions:5055/webhook"
    assert (endpoints.lock_store.url, str(endpoints.lock_store.kwargs["port"]),
            endpoints.lock_store.kwargs["password"]) == ("redis", "6379", "secret")
