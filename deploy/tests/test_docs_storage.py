"""The docs storage's keys (deploy/docs-storage): what each may do to which TechDocs site.

No MinIO runs here, so the policies are evaluated the way S3-style IAM evaluates Allow statements
(actions and resource ARNs matched with `*` wildcards, anything not allowed denied): a generated
project's key may publish its own site and no other (THREATS 43)."""

from __future__ import annotations

import json
import subprocess
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from deployfiles import DEPLOY

DOCS = DEPLOY / "docs-storage"
SITE = "default/component/sales-forecast"


def _policy(name: str, site: str | None = None) -> dict:
    text = (DOCS / name).read_text()
    if site is not None:
        # What site-key.sh does in the mc image: sed "s#@SITE@#$SITE#g".
        text = subprocess.run(["sed", f"s#@SITE@#{site}#g"], input=text, capture_output=True, text=True,
                              check=True).stdout
    return json.loads(text)


def _allowed(policy: dict, action: str, resource: str) -> bool:
    assert all(s["Effect"] == "Allow" and "Condition" not in s for s in policy["Statement"])
    return any(
        any(fnmatchcase(action, a) for a in s["Action"])
        and any(fnmatchcase(resource, r) for r in s["Resource"])
        for s in policy["Statement"]
    )


def _object(site: str, page: str = "index.html") -> str:
    return f"arn:aws:s3:::techdocs/{site}/{page}"


@pytest.fixture()
def site_key() -> dict:
    return _policy("techdocs-site-publish.json", SITE)


@pytest.mark.parametrize("action", ["s3:PutObject", "s3:DeleteObject", "s3:GetObject"])
def test_a_projects_key_publishes_its_own_site(site_key, action):
    assert _allowed(site_key, action, _object(SITE))
    assert _allowed(site_key, action, _object(SITE, "assets/img/chart.svg"))


@pytest.mark.parametrize("other", [
    "default/component/mlops-portal",        # the portal's own guides
    "default/component/mlops-components",    # the component library
    "default/template/forecasting-project",
    "default/component/sales-forecast-2",    # a name that starts with this one's
    "default/component/sales",               # and one this one's starts with
    "other/component/sales-forecast",
])
@pytest.mark.parametrize("action", ["s3:PutObject", "s3:DeleteObject"])
def test_a_projects_key_can_change_no_other_site(site_key, other, action):
    assert not _allowed(site_key, action, _object(other))


def test_a_projects_key_cannot_touch_the_bucket_itself_or_administer_anything(site_key):
    for action in ("s3:PutObject", "s3:DeleteObject"):
        assert not _allowed(site_key, action, "arn:aws:s3:::techdocs/index.html")
        assert not _allowed(site_key, action, "arn:aws:s3:::techdocs/default/component")
    for action in ("s3:DeleteBucket", "s3:PutBucketPolicy", "admin:CreateUser", "s3:*"):
        assert not _allowed(site_key, action, "arn:aws:s3:::techdocs")
    # Listing (the publisher checks the bucket and finds its stale pages) shows object names only.
    assert _allowed(site_key, "s3:ListBucket", "arn:aws:s3:::techdocs")


def test_the_template_is_the_only_difference_between_sites():
    template = (DOCS / "techdocs-site-publish.json").read_text()
    assert template.count("@SITE@") == 1
    assert "arn:aws:s3:::techdocs/@SITE@/*" in template


def test_the_shared_publish_key_would_reach_every_site_so_projects_never_get_it():
    """The key docs-storage-init makes for the portal's own pipeline may write every site: the reason
    generated projects get a key of their own (skeleton .gitlab-ci.yml, docs/operators/deploy.md)."""
    shared = _policy("techdocs-publish.json")
    assert _allowed(shared, "s3:PutObject", _object("default/component/mlops-portal"))
    skeleton_ci = (DEPLOY.parent / "templates" / "skeleton" / ".gitlab-ci.yml").read_text()
    assert "docs-site-key" in skeleton_ci
    init = (DOCS / "init.sh").read_text()
    assert "site-key" not in init  # per-site keys are made on demand, not at every start


def test_the_portals_key_only_reads(site_key):
    read = _policy("techdocs-read.json")
    assert _allowed(read, "s3:GetObject", _object(SITE))
    assert not _allowed(read, "s3:PutObject", _object(SITE))
    assert not _allowed(read, "s3:DeleteObject", _object(SITE))


def test_the_site_key_script_is_what_stack_sh_runs():
    script = DOCS / "site-key.sh"
    assert script.stat().st_mode & 0o111
    assert "/docs-storage/techdocs-site-publish.json" in script.read_text()
    assert subprocess.run(["sh", "-n", str(script)]).returncode == 0
    assert "/docs-storage/site-key.sh" in (DEPLOY / "scripts" / "stack.sh").read_text()
    assert Path(DEPLOY / "docker-compose.yml").read_text().count("./docs-storage:/docs-storage:ro") == 1
