"""The docs storage's keys (deploy/docs-storage): what each may do to which TechDocs site (THREATS 43).

MinIO cannot run here, so the keys are tried against moto's S3 server with its IAM access control on:
an administrator creates the bucket the portal reads (compose's TECHDOCS_S3_BUCKET), the portal's own
site and the sites of a few projects; each key is an IAM user with the very policy docs-storage-init or
site-key.sh gives it (site-key.sh's sed fills in the site); then boto3 signs real S3 requests with that
key and the server allows or refuses them (moto_s3 below, boto3_calls.py).

Where moto's evaluation differs from MinIO's, for what these policies use:
- A multi-object delete (POST ?delete) is checked by moto against the bucket's ARN, by MinIO and S3 per
  object (moto would refuse a project's multi-object delete of its own pages too). The tests therefore
  try a multi-object delete only of other sites' pages, where both refuse every object, and prove
  per-object rights with single deletes.
- moto computes a listing's signature differently from boto3 when its Prefix holds a `/`, so the tests
  list the whole bucket and filter the names themselves.
- moto matches `*` in Action and Resource and nothing else of IAM's pattern language (no `?`, no policy
  variables). The policies use only `*`, and none has a Condition (asserted below), so moto evaluates
  every statement they have.
"""

from __future__ import annotations

import glob
import json
import os
import secrets
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from deployfiles import DEPLOY, filled_env, free_port, load_compose

DOCS = DEPLOY / "docs-storage"
BUCKET = load_compose(filled_env())["services"]["portal"]["environment"]["TECHDOCS_S3_BUCKET"]

PORTAL = "default/component/mlops-portal"   # the portal's own guides
SALES = "default/component/sales-forecast"  # a generated project
CHURN = "default/component/churn-model"     # another one
SITES = [
    PORTAL, SALES, CHURN,
    "default/component/mlops-components",    # the component library
    "default/template/forecasting-project",
    "default/component/sales-forecast-2",    # a name that starts with sales-forecast
    "default/component/sales",               # and one sales-forecast starts with
    "other/component/sales-forecast",        # the same name in another namespace
]
PAGES = ["index.html", "assets/img/chart.svg"]


def _policy(name: str, site: str | None = None) -> dict:
    text = (DOCS / name).read_text()
    if site is not None:
        # What site-key.sh does in the mc image: sed "s#@SITE@#$SITE#g".
        text = subprocess.run(["sed", f"s#@SITE@#{site}#g"], input=text, capture_output=True, text=True,
                              check=True).stdout
    return json.loads(text)


def _python_with_moto() -> str:
    """The Python 3.11 that has moto and boto3 (pyenv's; Debian's /usr/bin/python3 has neither)."""
    pyenv_root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    for python in sorted(glob.glob(f"{pyenv_root}/versions/3.11*/bin/python"), reverse=True):
        if (Path(python).parent / "moto_server").exists():
            return python
    pytest.fail(f"The docs-storage key tests need moto and boto3 installed for Python 3.11 (looked for "
                f"{pyenv_root}/versions/3.11*/bin/python with moto_server beside it) and found none.")


class MotoS3:
    """moto's server on loopback, and a boto3 process that signs calls with a given key."""

    def __init__(self, endpoint: str, calls: subprocess.Popen):
        self.endpoint, self._calls = endpoint, calls
        # a key no user of this server holds, made for this run
        self.keys: dict[str, list[str]] = {
            "nobody": [f"NOBODY{secrets.token_hex(7).upper()}", secrets.token_urlsafe(30)]}

    def call(self, who: str, service: str, call: str, **args) -> dict:
        request = {"endpoint": self.endpoint, "key": self.keys[who], "service": service, "call": call,
                   "args": args}
        self._calls.stdin.write(json.dumps(request) + "\n")
        self._calls.stdin.flush()
        line = self._calls.stdout.readline()
        assert line, "the boto3 process stopped answering"
        return json.loads(line)

    def ok(self, who: str, service: str, call: str, **args) -> dict:
        answer = self.call(who, service, call, **args)
        assert "ok" in answer, f"{who}: {call} {args} was refused: {answer}"
        return answer["ok"]

    def add_key(self, who: str, policy: dict, as_user: str = "admin") -> None:
        """An IAM user with this policy and an access key, as `mc admin policy create/attach` make one."""
        user = who.replace("/", "-")  # IAM names have no `/`
        self.ok(as_user, "iam", "create_user", UserName=user)
        arn = self.ok(as_user, "iam", "create_policy", PolicyName=f"policy-{user}",
                      PolicyDocument=json.dumps(policy))["Policy"]["Arn"]
        self.ok(as_user, "iam", "attach_user_policy", UserName=user, PolicyArn=arn)
        key = self.ok(as_user, "iam", "create_access_key", UserName=user)["AccessKey"]
        self.keys[who] = [key["AccessKeyId"], key["SecretAccessKey"]]


def _original(site: str, page: str) -> str:
    return f"<p>{site}: {page} as its own pipeline published it</p>"


@pytest.fixture(scope="module")
def s3():
    python = _python_with_moto()
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([python, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    calls = subprocess.Popen([python, str(Path(__file__).with_name("boto3_calls.py"))], text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, "moto's server exited at start"
            try:
                # Auth is enforced after the first 4 API calls: those make the administrator's key.
                urllib.request.urlopen(urllib.request.Request(
                    f"{endpoint}/moto-api/reset-auth", data=b"4", headers={"Content-Type": "text/plain"}),
                    timeout=5).read()
                break
            except urllib.error.HTTPError:
                raise
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "moto's server did not answer within 60 s"
                time.sleep(0.2)
        moto = MotoS3(endpoint, calls)
        moto.add_key("admin", {"Version": "2012-10-17",
                               "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
                     as_user="nobody")
        assert moto.call("nobody", "s3", "list_buckets")["error"] == "InvalidAccessKeyId"  # auth is on
        moto.ok("admin", "s3", "create_bucket", Bucket=BUCKET)
        for key, body in ORIGINALS.items():
            moto.ok("admin", "s3", "put_object", Bucket=BUCKET, Key=key, Body=body)
        for site in (SALES, CHURN):
            moto.add_key(site, _policy("techdocs-site-publish.json", site))
        moto.add_key("portal-read", _policy("techdocs-read.json"))
        moto.add_key("shared-publish", _policy("techdocs-publish.json"))
        yield moto
    finally:
        for process in (calls, server):
            process.kill()
            process.wait()
        calls.stdin.close()
        calls.stdout.close()


def _names(s3: MotoS3, who: str, prefix: str) -> set[str]:
    """The bucket's object names under a prefix, as `who` lists them (the whole bucket is listed and
    filtered here: moto computes a different signature than boto3 for a Prefix with a `/` in it)."""
    listed = s3.ok(who, "s3", "list_objects_v2", Bucket=BUCKET)["Contents"]
    return {o["Key"] for o in listed if o["Key"].startswith(prefix)}


ORIGINALS = {f"{site}/{page}": _original(site, page) for site in SITES for page in PAGES}
ORIGINALS["index.html"] = "bucket root"


@pytest.fixture(autouse=True)
def _pages_as_published(s3):
    """Each test starts from the pages as their pipelines published them, whatever a key did before."""
    yield
    for key, body in ORIGINALS.items():
        s3.ok("admin", "s3", "put_object", Bucket=BUCKET, Key=key, Body=body)


def _unchanged(s3: MotoS3, key: str) -> bool:
    return s3.ok("admin", "s3", "get_object", Bucket=BUCKET, Key=key)["Body"] == ORIGINALS[key]


def test_the_policies_use_only_what_moto_evaluates():
    for name in ("techdocs-site-publish.json", "techdocs-read.json", "techdocs-publish.json"):
        for statement in _policy(name, SALES)["Statement"]:
            assert statement["Effect"] == "Allow" and set(statement) == {"Effect", "Action", "Resource"}
            assert all("?" not in r and "${" not in r for r in statement["Resource"])
            assert all(r.startswith(f"arn:aws:s3:::{BUCKET}") for r in statement["Resource"])


@pytest.mark.parametrize("project", [SALES, CHURN])
def test_a_projects_key_publishes_lists_and_removes_its_own_pages(s3, project):
    new = [f"{project}/new-page.html", f"{project}/assets/js/search.js"]
    for key in new:
        s3.ok(project, "s3", "put_object", Bucket=BUCKET, Key=key, Body=f"new {key}")
        assert s3.ok(project, "s3", "get_object", Bucket=BUCKET, Key=key)["Body"] == f"new {key}"
    assert _names(s3, project, f"{project}/") == {f"{project}/{p}" for p in PAGES} | set(new)
    s3.ok(project, "s3", "put_object", Bucket=BUCKET, Key=f"{project}/index.html", Body="rebuilt")
    assert s3.ok("admin", "s3", "get_object", Bucket=BUCKET, Key=f"{project}/index.html")["Body"] == "rebuilt"
    s3.ok(project, "s3", "put_object", Bucket=BUCKET, Key=f"{project}/index.html",
          Body=_original(project, "index.html"))
    for key in new:
        s3.ok(project, "s3", "delete_object", Bucket=BUCKET, Key=key)
    assert _names(s3, "admin", f"{project}/") == {f"{project}/{p}" for p in PAGES}


@pytest.mark.parametrize("other", [s for s in SITES if s != SALES])
@pytest.mark.parametrize("call", ["put_object", "delete_object", "get_object"])
def test_a_projects_key_can_touch_no_other_site(s3, other, call):
    for page in PAGES:
        key = f"{other}/{page}"
        args = {"Body": "defaced"} if call == "put_object" else {}
        assert s3.call(SALES, "s3", call, Bucket=BUCKET, Key=key, **args)["error"] == "AccessDenied"
        assert _unchanged(s3, key)


def test_the_other_projects_key_cannot_touch_the_first_ones_site(s3):
    key = f"{SALES}/index.html"
    assert s3.call(CHURN, "s3", "put_object", Bucket=BUCKET, Key=key, Body="defaced")["error"] == "AccessDenied"
    assert s3.call(CHURN, "s3", "delete_object", Bucket=BUCKET, Key=key)["error"] == "AccessDenied"
    assert _unchanged(s3, key)


def test_a_projects_key_cannot_empty_the_bucket_or_administer_anything(s3):
    assert s3.call(SALES, "s3", "put_object", Bucket=BUCKET, Key="index.html", Body="x")["error"] == "AccessDenied"
    assert s3.call(SALES, "s3", "delete_object", Bucket=BUCKET, Key="index.html")["error"] == "AccessDenied"
    others = [{"Key": key} for key in ORIGINALS if not key.startswith(f"{SALES}/")]
    answer = s3.ok(SALES, "s3", "delete_objects", Bucket=BUCKET, Delete={"Objects": others})
    assert "Deleted" not in answer
    assert {(e["Key"], e["Code"]) for e in answer["Errors"]} == {(o["Key"], "AccessDenied") for o in others}
    assert s3.call(SALES, "s3", "delete_bucket", Bucket=BUCKET)["error"] == "AccessDenied"
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": f"arn:aws:s3:::{BUCKET}/*"}]})
    assert s3.call(SALES, "s3", "put_bucket_policy", Bucket=BUCKET, Policy=policy)["error"] == "AccessDenied"
    assert s3.call(SALES, "iam", "create_user", UserName="intruder")["error"] == "AccessDenied"
    assert s3.call(SALES, "iam", "attach_user_policy", UserName=SALES.replace("/", "-"),
                   PolicyArn="arn:aws:iam::123456789012:policy/policy-shared-publish")["error"] == "AccessDenied"
    for key in ORIGINALS:
        assert _unchanged(s3, key)


def test_a_projects_key_sees_the_other_sites_names_only(s3):
    """Listing (the publisher checks the bucket before it uploads) shows object names, not their pages."""
    assert f"{PORTAL}/index.html" in _names(s3, SALES, "")
    assert s3.call(SALES, "s3", "get_object", Bucket=BUCKET, Key=f"{PORTAL}/index.html")["error"] == "AccessDenied"


def test_the_portals_key_reads_every_site_and_changes_none(s3):
    for site in SITES:
        key = f"{site}/index.html"
        assert s3.ok("portal-read", "s3", "get_object", Bucket=BUCKET, Key=key)["Body"] == _original(site, "index.html")
        assert s3.call("portal-read", "s3", "put_object", Bucket=BUCKET, Key=key, Body="x")["error"] == "AccessDenied"
        assert s3.call("portal-read", "s3", "delete_object", Bucket=BUCKET, Key=key)["error"] == "AccessDenied"
        assert _unchanged(s3, key)
    assert s3.call("portal-read", "s3", "delete_bucket", Bucket=BUCKET)["error"] == "AccessDenied"


def test_the_shared_publish_key_would_reach_every_site_so_projects_never_get_it(s3):
    """The key docs-storage-init makes for the portal's own pipeline may write every site: the reason
    generated projects get a key of their own (skeleton .gitlab-ci.yml, docs/operators/deploy.md)."""
    key = f"{SALES}/index.html"
    s3.ok("shared-publish", "s3", "put_object", Bucket=BUCKET, Key=key, Body="overwritten")
    assert s3.ok("admin", "s3", "get_object", Bucket=BUCKET, Key=key)["Body"] == "overwritten"
    s3.ok("admin", "s3", "put_object", Bucket=BUCKET, Key=key, Body=_original(SALES, "index.html"))
    skeleton_ci = (DEPLOY.parent / "templates" / "skeleton" / ".gitlab-ci.yml").read_text()
    assert "docs-site-key" in skeleton_ci
    init = (DOCS / "init.sh").read_text()
    assert "site-key" not in init  # per-site keys are made on demand, not at every start


def test_the_template_is_the_only_difference_between_sites():
    template = (DOCS / "techdocs-site-publish.json").read_text()
    assert template.count("@SITE@") == 1
    assert f"arn:aws:s3:::{BUCKET}/@SITE@/*" in template


def test_the_site_key_script_is_what_stack_sh_runs():
    script = DOCS / "site-key.sh"
    assert script.stat().st_mode & 0o111
    assert "/docs-storage/techdocs-site-publish.json" in script.read_text()
    assert subprocess.run(["sh", "-n", str(script)]).returncode == 0
    assert "/docs-storage/site-key.sh" in (DEPLOY / "scripts" / "stack.sh").read_text()
    assert Path(DEPLOY / "docker-compose.yml").read_text().count("./docs-storage:/docs-storage:ro") == 1
