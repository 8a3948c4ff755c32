"""The scale-out settings (deploy/portal/app-config.scale-out.yaml) pass Backstage's own config check on
top of the production settings, and the Helm values run several pinned replicas with them."""

from __future__ import annotations

import os
import re
import shlex
import subprocess

import pytest
import yaml

from deployfiles import DEPLOY, REPO, image_is_pinned

SCALE_OUT = DEPLOY / "portal" / "app-config.scale-out.yaml"
HELM_VALUES = DEPLOY / "helm" / "values.yaml"
SECRET_VARIABLES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
# Where the scale-out file puts its settings: Backstage's check must find nothing wrong under these.
OWN_PATHS = ("/backend/cache", "/backend/database", "/search", "/scaffolder", "/techdocs/builder",
             "/techdocs/publisher/awsS3")


def _config_check(*files: str) -> str:
    env = {
        **os.environ,
        "POSTGRES_HOST": "portal-db", "POSTGRES_PORT": "5432", "POSTGRES_USER": "portal",
        "POSTGRES_PASSWORD": "stand-in", "PORTAL_BASE_URL": "https://portal.example.org",
        "AUTH_SESSION_SECRET": "stand-in-session-secret", "BACKSTAGE_REDIS_URL": "redis://cache:6379",
        "TECHDOCS_S3_BUCKET": "techdocs", "TECHDOCS_S3_ENDPOINT": "https://minio.example.org",
        "AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "stand-in", "AWS_SECRET_ACCESS_KEY": "stand-in",
        "GITLAB_HOST": "gitlab.example.org", "GITLAB_TOKEN": "stand-in",
    }
    configs = " ".join(f"--config {shlex.quote(f)}" for f in
                       ("app-config.yaml", "app-config.production.yaml", *files))
    # The project's Node and yarn, as every script of the repository gets them.
    command = f"source scripts/env.sh && yarn backstage-cli config:check --strict {configs}"
    result = subprocess.run(["bash", "-c", command], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=120)
    return result.stdout + result.stderr


def _own_errors(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines()
            if " at /" in line and line.rsplit(" at ", 1)[1].startswith(OWN_PATHS)]


@pytest.fixture(scope="module")
def check_output() -> str:
    return _config_check(str(SCALE_OUT))


def test_backstage_finds_nothing_wrong_in_the_scale_out_settings(check_output):
    assert "Loaded config from" in check_output or "Configuration does not match schema" in check_output, \
        check_output[-2000:]
    assert _own_errors(check_output) == []


def test_the_config_check_would_notice_a_mistake_there(tmp_path):
    broken = yaml.safe_load(SCALE_OUT.read_text())
    broken["techdocs"] = {"publisher": {"type": "awsS3", "awsS3": {"bucketName": None}}}
    broken["backend"]["cache"]["store"] = "memcached-typo"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(broken))
    errors = _own_errors(_config_check(str(path)))
    assert any("/techdocs/publisher/awsS3" in e for e in errors), errors
    assert any("/backend/cache" in e for e in errors), errors


def test_the_settings_share_search_docs_and_cache_between_replicas():
    config = yaml.safe_load(SCALE_OUT.read_text())
    assert config["backend"]["cache"]["store"] == "redis"
    # Docs come from the storage CI publishes to, already in the production settings under it.
    assert "techdocs" not in config
    production = yaml.safe_load((REPO / "app-config.production.yaml").read_text())
    assert production["techdocs"]["builder"] == "external"
    assert production["techdocs"]["publisher"]["type"] == "awsS3"
    assert "pg" in config["search"]
    assert config["scaffolder"]["EXPERIMENTAL_gracefulShutdown"] is True


def _recovery_without_a_surviving_workspace(config: dict) -> bool:
    recovery = (config.get("scaffolder") or {}).get("taskRecovery") or {}
    legacy = (config.get("scaffolder") or {}).get("EXPERIMENTAL_recoverTasks") is True
    return (recovery.get("enabled") is True or legacy) and not recovery.get("workspaceProvider")


def test_tasks_are_resumed_on_another_replica_only_with_a_workspace_that_survives():
    # A task resumed from its last completed step in an empty workspace would publish an incomplete project.
    for path in (SCALE_OUT, REPO / "app-config.yaml", REPO / "app-config.production.yaml"):
        assert not _recovery_without_a_surviving_workspace(yaml.safe_load(path.read_text())), path
    # the check itself notices both spellings of recovery without a workspace provider
    assert _recovery_without_a_surviving_workspace({"scaffolder": {"taskRecovery": {"enabled": True}}})
    assert _recovery_without_a_surviving_workspace({"scaffolder": {"EXPERIMENTAL_recoverTasks": True}})
    assert not _recovery_without_a_surviving_workspace(
        {"scaffolder": {"taskRecovery": {"enabled": True, "workspaceProvider": "database"}}})


def test_a_cut_task_ends_failed_within_minutes_and_a_stopped_replica_finishes_its_tasks():
    scaffolder = yaml.safe_load((REPO / "app-config.yaml").read_text())["scaffolder"]
    assert scaffolder["EXPERIMENTAL_gracefulShutdown"] is True
    minutes = {"s": 1 / 60, "m": 1, "h": 60}
    timeout = scaffolder["taskTimeout"]
    janitor = scaffolder["taskTimeoutJanitorFrequency"]
    assert float(timeout[:-1]) * minutes[timeout[-1]] + float(janitor[:-1]) * minutes[janitor[-1]] <= 10


def test_the_helm_values_run_pinned_replicas_with_the_scale_out_settings():
    values = yaml.safe_load(HELM_VALUES.read_text())
    backstage = values["backstage"]
    assert backstage["replicas"] >= 2
    image = backstage["image"]
    assert image_is_pinned(f"{image['registry']}/{image['repository']}:{image['tag']}")
    assert backstage["args"] == ["--config", "app-config.yaml", "--config", "app-config.production.yaml"]
    assert backstage["extraAppConfig"] == [
        {"filename": SCALE_OUT.name, "configMapRef": "mlops-portal-scale-out"}]
    assert values["postgresql"]["enabled"] is False
    provided = {e["name"] for e in backstage["extraEnvVars"]}
    needed = set(re.findall(r"\$\{([A-Z0-9_]+)\}", SCALE_OUT.read_text()))
    assert sorted(needed - provided - SECRET_VARIABLES) == []
    assert not (provided & SECRET_VARIABLES), "secrets belong in the Secret, not in the values"
    assert backstage["extraEnvVarsSecrets"] == ["mlops-portal-secrets"]
    text = HELM_VALUES.read_text()
    for secret in SECRET_VARIABLES | {"POSTGRES_PASSWORD", "AUTH_SESSION_SECRET"}:
        assert secret in text  # named in the comment listing the Secret's keys
