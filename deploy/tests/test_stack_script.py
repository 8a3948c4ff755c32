"""deploy/scripts/stack.sh, what the pipelines run on the server. No Docker engine runs here, so a
recording `docker` on PATH stands in for it: it answers `compose ps -q` from a list of existing
containers and logs every other call."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from deployfiles import DEPLOY, ENV_EXAMPLE, filled_env, read_env_file

STACK = DEPLOY / "scripts" / "stack.sh"


def _run(args, env_file: Path, extra_env=None, path_prefix: Path | None = None):
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "STACK_ENV_FILE": str(env_file)}
    if path_prefix:
        env["PATH"] = f"{path_prefix}:{env['PATH']}"
    env.update(extra_env or {})
    return subprocess.run(["bash", str(STACK), *args], capture_output=True, text=True, env=env)


def test_write_env_takes_ci_variables_and_the_example_defaults(tmp_path):
    secrets = {k: v for k, v in filled_env().items() if read_env_file(ENV_EXAMPLE)[k] == ""}
    out = tmp_path / ".env"
    result = _run(["write-env"], out, {**secrets, "PORTAL_HOST": "portal.team.example"})
    assert result.returncode == 0, result.stderr
    written = read_env_file(out)
    assert written["PORTAL_HOST"] == "portal.team.example"  # from the CI variable
    assert written["SSO_HOST"] == "sso.example.org"  # the default of .env.example
    assert written["AUTH_SESSION_SECRET"] == secrets["AUTH_SESSION_SECRET"]
    assert set(written) == set(read_env_file(ENV_EXAMPLE))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    for value in secrets.values():
        assert value not in result.stdout + result.stderr


def test_write_env_names_every_missing_secret_and_writes_nothing(tmp_path):
    out = tmp_path / ".env"
    secrets = {k: v for k, v in filled_env().items() if read_env_file(ENV_EXAMPLE)[k] == ""}
    del secrets["KEYCLOAK_DB_PASSWORD"], secrets["OAUTH2_PROXY_COOKIE_SECRET"]
    result = _run(["write-env"], out, secrets)
    assert result.returncode == 1
    assert "no value for: KEYCLOAK_DB_PASSWORD OAUTH2_PROXY_COOKIE_SECRET" in result.stderr
    assert not out.exists()
    for value in secrets.values():
        assert value not in result.stdout + result.stderr


@pytest.fixture()
def fake_docker(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "docker.log"
    existing = tmp_path / "existing"
    existing.write_text("")
    script = bin_dir / "docker"
    script.write_text(
        "#!/usr/bin/env bash\n"
        f'printf "%s\\n" "$*" >> "{log}"\n'
        'if [ "$1 ${@: -3:1} ${@: -2:1}" = "compose ps -q" ]; then\n'
        f'  grep -qx "${{@: -1}}" "{existing}" && echo "container-id-${{@: -1}}"\n'
        "fi\n"
        "exit 0\n"
    )
    script.chmod(0o755)
    env_file = tmp_path / ".env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in filled_env().items()))
    return bin_dir, log, existing, env_file


def _calls(log: Path) -> list[str]:
    return [line.split(" -f docker-compose.yml ", 1)[1] for line in log.read_text().splitlines()
            if " ps -q " not in line]


def test_install_keycloak_starts_it_when_absent(fake_docker):
    bin_dir, log, _, env_file = fake_docker
    result = _run(["install-keycloak"], env_file, path_prefix=bin_dir)
    assert result.returncode == 0, result.stderr
    assert _calls(log) == ["up -d --no-recreate keycloak-db keycloak"]


def test_install_keycloak_leaves_an_installed_keycloak_alone(fake_docker):
    bin_dir, log, existing, env_file = fake_docker
    existing.write_text("keycloak-db\nkeycloak\n")
    result = _run(["install-keycloak"], env_file, path_prefix=bin_dir)
    assert result.returncode == 0, result.stderr
    assert "Keycloak is already installed: nothing to do" in result.stdout
    assert _calls(log) == []


def test_install_tools_adds_only_what_is_missing(fake_docker):
    bin_dir, log, existing, env_file = fake_docker
    existing.write_text("mongo\nelasticsearch\nredis\nfileserver\napiserver\nwebserver\nasync_delete\n")
    result = _run(["install-tools"], env_file, path_prefix=bin_dir)
    assert result.returncode == 0, result.stderr
    assert _calls(log) == ["up -d --no-recreate rath oauth2-proxy nginx"]


def test_deploy_updates_every_service(fake_docker):
    bin_dir, log, _, env_file = fake_docker
    result = _run(["deploy"], env_file, path_prefix=bin_dir)
    assert result.returncode == 0, result.stderr
    calls = _calls(log)
    assert calls[0] == "build rath"
    assert calls[1].startswith("pull portal ")
    assert "up -d --remove-orphans" in calls


def test_commands_need_the_env_file(tmp_path):
    result = _run(["deploy"], tmp_path / "missing.env")
    assert result.returncode == 1
    assert "missing.env is missing: run 'stack.sh write-env'" in result.stderr


def test_with_stack_dir_the_stack_runs_from_a_copy_of_the_deploy_files(fake_docker, tmp_path):
    bin_dir, log, _, env_file = fake_docker
    stack_dir = tmp_path / "srv-mlops"
    result = _run(["install-keycloak"], env_file, {"STACK_DIR": str(stack_dir)}, path_prefix=bin_dir)
    assert result.returncode == 0, result.stderr
    assert (stack_dir / "docker-compose.yml").read_text() == (DEPLOY / "docker-compose.yml").read_text()
    assert (stack_dir / "nginx" / "templates" / "edge.conf.template").is_file()
    assert (stack_dir / "rath" / "Dockerfile").is_file()
    assert not (stack_dir / "tests").exists() and not (stack_dir / "scripts").exists()
    assert _calls(log) == ["up -d --no-recreate keycloak-db keycloak"]


def test_docs_site_key_makes_a_key_for_one_site_and_never_shows_its_secret(fake_docker):
    bin_dir, log, _, env_file = fake_docker
    secret = "s3cr3t-for-one-site-0123456789"
    result = _run(["docs-site-key", "default/component/sales-forecast"], env_file,
                  {"DOCS_SITE_PASSWORD": secret}, path_prefix=bin_dir)
    assert result.returncode == 0, result.stderr
    (call,) = _calls(log)
    assert call.startswith("run --rm --no-deps -e SITE=default/component/sales-forecast -e SITE_USER=docs-")
    assert call.endswith(" -e SITE_PASSWORD --entrypoint /bin/sh docs-storage-init /docs-storage/site-key.sh")
    user = call.split("SITE_USER=")[1].split()[0]
    assert len(user) <= 20  # MinIO's limit for an access key
    assert f"AWS_ACCESS_KEY_ID={user}" in result.stdout
    assert secret not in log.read_text() + result.stdout + result.stderr


@pytest.mark.parametrize("site", ["", "default/component", "default/component/*", "default/component/../x",
                                  "default/component/a/b", "Default/Component/Sales", "default/component/-x"])
def test_docs_site_key_refuses_anything_but_one_site(fake_docker, site):
    bin_dir, log, _, env_file = fake_docker
    result = _run(["docs-site-key", site], env_file, {"DOCS_SITE_PASSWORD": "x" * 32}, path_prefix=bin_dir)
    assert result.returncode == 1
    assert "docs-site-key needs the site as <namespace>/<kind>/<name>" in result.stderr
    assert not log.exists(), "docker was called"


def test_docs_site_key_needs_a_secret(fake_docker):
    bin_dir, log, _, env_file = fake_docker
    for password in ("", "short", "has a space in it 0123456789"):
        result = _run(["docs-site-key", "default/component/x"], env_file, {"DOCS_SITE_PASSWORD": password},
                      path_prefix=bin_dir)
        assert result.returncode == 1
        assert "set DOCS_SITE_PASSWORD" in result.stderr
    assert not log.exists(), "docker was called"
