""".gitlab-ci.yml and its includes: they parse, use only GitLab CI keywords, hang together (stages, needs,
extends, includes), pin their images, keep credentials in CI variables, and implement the seed's three
server pipelines and the component library's pipeline."""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from deployfiles import GITLAB_CI, REPO, image_is_pinned, read_env_file, ENV_EXAMPLE

GLOBAL_KEYWORDS = {"stages", "workflow", "variables", "include", "default"}
JOB_KEYWORDS = {
    "after_script", "allow_failure", "artifacts", "before_script", "cache", "coverage", "dependencies",
    "environment", "extends", "hooks", "id_tokens", "image", "inherit", "interruptible",
    "manual_confirmation", "needs", "pages", "parallel", "release", "resource_group", "retry", "rules",
    "script", "secrets", "services", "stage", "tags", "timeout", "trigger", "variables", "when",
}
RULE_KEYWORDS = {"if", "changes", "exists", "when", "allow_failure", "variables", "needs"}
WHEN = {"on_success", "on_failure", "always", "manual", "delayed", "never"}
OPERATOR_DOC = REPO / "docs" / "operators" / "deploy.md"


def _load(path):
    return yaml.safe_load(path.read_text())


@pytest.fixture(scope="module")
def ci():
    root = _load(GITLAB_CI)
    merged = dict(root)
    for include in root.get("include", []):
        assert set(include) == {"local"}, include
        path = REPO / include["local"]
        assert path.is_file(), f"included file {include['local']} is missing"
        for key, value in _load(path).items():
            assert key not in merged, f"{key} is defined twice"
            merged[key] = value
    return merged


def _jobs(ci):
    return {k: v for k, v in ci.items() if k not in GLOBAL_KEYWORDS}


def _resolved(ci, name):
    """A job with its `extends` applied (GitLab's deep merge, enough for these files)."""
    job = dict(ci[name])
    parents = job.pop("extends", [])
    for parent in [parents] if isinstance(parents, str) else parents:
        base = _resolved(ci, parent)
        for key, value in job.items():
            if isinstance(value, dict) and isinstance(base.get(key), dict):
                base[key] = {**base[key], **value}
            else:
                base[key] = value
        job = base
    return job


def _script(job) -> str:
    return "\n".join(job.get("before_script", []) + job.get("script", []))


def test_every_job_uses_gitlab_keywords_and_hangs_together(ci):
    stages = ci["stages"]
    jobs = _jobs(ci)
    assert jobs
    for name, job in jobs.items():
        assert isinstance(job, dict), name
        assert set(job) <= JOB_KEYWORDS, f"{name}: unknown keywords {set(job) - JOB_KEYWORDS}"
        parents = job.get("extends", [])
        for parent in [parents] if isinstance(parents, str) else parents:
            assert parent in jobs, f"{name} extends the missing {parent}"
        if name.startswith("."):
            continue
        resolved = _resolved(ci, name)
        assert resolved.get("script") or resolved.get("trigger"), f"{name} has no script"
        assert resolved.get("stage") in stages, f"{name}: stage {resolved.get('stage')} is not in stages"
        for need in resolved.get("needs", []):
            need = need["job"] if isinstance(need, dict) else need
            assert need in jobs and not need.startswith("."), f"{name} needs the missing job {need}"
            assert stages.index(ci[need].get("stage") or _resolved(ci, need)["stage"]) <= stages.index(
                resolved["stage"]), f"{name} needs {need} from a later stage"
        for rule in resolved.get("rules", []):
            assert set(rule) <= RULE_KEYWORDS, f"{name}: unknown rule keys {set(rule) - RULE_KEYWORDS}"
            assert rule.get("when", "on_success") in WHEN
    for rule in ci["workflow"]["rules"]:
        assert set(rule) <= RULE_KEYWORDS


def test_every_image_is_pinned(ci):
    for name, job in _jobs(ci).items():
        for image in [job.get("image")] + list(job.get("services", [])):
            if image:
                image = image["name"] if isinstance(image, dict) else image
                assert image_is_pinned(image), f"{name}: {image} is not pinned"


def test_server_jobs_run_on_the_server_one_at_a_time(ci):
    for name in ("keycloak:install", "tools:install", "stack:deploy"):
        job = _resolved(ci, name)
        assert job["tags"] == ["mlops-server"]
        assert job["resource_group"] == "mlops-server"
        script = _script(job)
        # The stack's .env comes from masked CI variables, the portal's image from this pipeline.
        assert 'export PORTAL_IMAGE="$PORTAL_IMAGE_REPOSITORY:$CI_COMMIT_SHORT_SHA"' in script
        assert "deploy/scripts/stack.sh write-env" in script
        assert job["rules"] and all(r["if"] == "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" for r in job["rules"])


def test_the_first_two_seed_pipelines_install_only_what_is_absent(ci):
    assert "deploy/scripts/stack.sh install-keycloak" in _script(_resolved(ci, "keycloak:install"))
    tools = _resolved(ci, "tools:install")
    assert "deploy/scripts/stack.sh install-tools" in _script(tools)
    assert "keycloak:install" in tools["needs"]
    for name in ("keycloak:install", "tools:install"):
        assert all(r.get("when", "on_success") == "on_success" for r in ci[name]["rules"])


def test_deploying_waits_for_a_manual_approval(ci):
    job = _resolved(ci, "stack:deploy")
    assert "deploy/scripts/stack.sh deploy" in _script(job)
    (rule,) = job["rules"]
    assert rule["when"] == "manual"
    # allow_failure: false blocks the pipeline until someone approves, instead of skipping the deploy.
    assert rule["allow_failure"] is False
    assert job["environment"]["name"] == "production"


def test_the_component_library_is_checked_on_every_change_to_it(ci):
    for name, target in (("components:lint", "lint"), ("components:test", "test"),
                         ("components:docs", "docs-site")):
        job = _resolved(ci, name)
        assert job["stage"] == "check"
        assert f"make -C components {target}" in _script(job)
        changes = [r for r in job["rules"] if "changes" in r]
        assert changes and "components/**/*" in changes[0]["changes"]


def test_a_version_tag_publishes_the_package_and_the_docs(ci):
    package = _resolved(ci, "components:package")
    assert package["rules"] == [{"if": r"$CI_COMMIT_TAG =~ /^components-v\d+\.\d+\.\d+$/"}]
    script = _script(package)
    assert "python -m build components" in script
    assert "$CI_API_V4_URL/projects/$CI_PROJECT_ID/packages/pypi" in script
    assert package["variables"]["TWINE_PASSWORD"] == "$CI_JOB_TOKEN"
    techdocs = _resolved(ci, "techdocs:publish")
    assert {"if": r"$CI_COMMIT_TAG =~ /^components-v\d+\.\d+\.\d+$/"} in techdocs["rules"]
    assert "ci/publish-techdocs.sh" in _script(techdocs)


def _ci_texts():
    files = [GITLAB_CI, REPO / "ci" / "components.gitlab-ci.yml", REPO / "ci" / "publish-techdocs.sh"]
    return {path.name: path.read_text() for path in files}


def test_no_credential_is_written_in_the_ci_files():
    suspicious = re.compile(
        r"(password|passwd|secret|token|api[_-]?key)\s*[:=]\s*['\"]?(?!\$)[A-Za-z0-9+/_\-]{6,}", re.I)
    for name, text in _ci_texts().items():
        for line in text.splitlines():
            if line.lstrip().startswith("#"):
                continue
            assert not suspicious.search(line), f"{name}: {line.strip()}"
            assert not re.search(r"docker login .*-p\s", line), f"{name}: password on a command line"


def test_every_variable_the_ci_files_read_is_predefined_defined_or_documented():
    documented = set(read_env_file(ENV_EXAMPLE)) | set(
        re.findall(r"^\| `([A-Z][A-Z0-9_]*)` +\|", OPERATOR_DOC.read_text(), re.M))
    for name, text in _ci_texts().items():
        defined = set(re.findall(r"^\s+([A-Z][A-Z0-9_]*):", text, re.M))
        # Upper-case names are the environment's; the scripts' own locals are lower-case.
        for variable in set(re.findall(r"\$\{?([A-Z][A-Z0-9_]*)", text)):
            if variable.startswith(("CI_", "GITLAB_")) or variable in defined:
                continue
            if variable in {"PATH", "BASH_SOURCE"}:
                continue
            assert variable in documented, f"{name} reads ${variable}, documented nowhere"


def test_the_scripts_the_jobs_run_exist_are_executable_and_parse(ci):
    scripts = set()
    for name in _jobs(ci):
        if not name.startswith("."):
            script = _script(_resolved(ci, name))
            scripts |= set(re.findall(r"(?:^|\s)((?:\.ci|ci|deploy/scripts)/[\w./-]+)", script))
    assert {".ci/run", "ci/publish-techdocs.sh", "deploy/scripts/stack.sh"} <= scripts
    for script in sorted(scripts):
        path = REPO / script
        assert path.is_file() and path.stat().st_mode & 0o111, f"{script} is missing or not executable"
        result = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, f"{script}: {result.stderr}"
