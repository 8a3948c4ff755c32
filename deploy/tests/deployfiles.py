"""Reading the deployment files the way Docker Compose and the nginx image read them."""

from __future__ import annotations

import re
import shutil
import socket
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parent.parent
REPO = DEPLOY.parent
COMPOSE_FILE = DEPLOY / "docker-compose.yml"
ENV_EXAMPLE = DEPLOY / ".env.example"
NGINX_DIR = DEPLOY / "nginx"
GITLAB_CI = REPO / ".gitlab-ci.yml"

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message}, ${NAME?message}
_COMPOSE_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")
_EDGE_VAR = re.compile(r"\$\{(EDGE_[A-Z0-9_]+)\}")


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines, comments and blank lines skipped, as Compose reads an env file."""
    values: dict[str, str] = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not re.fullmatch(r"[A-Z][A-Z0-9_]*", key):
            raise ValueError(f"{path}:{number}: not a KEY=value line: {line!r}")
        values[key] = value
    return values


def compose_variables(text: str) -> set[str]:
    """Every variable a compose file interpolates."""
    return {m.group(1) for m in _COMPOSE_VAR.finditer(text)}


class MissingVariable(Exception):
    pass


def interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's interpolation: ${A}, ${A:-d}, ${A:?msg} (empty counts as unset for the ':' forms)."""

    def replace(match: re.Match[str]) -> str:
        name, op, arg = match.group(1), match.group(2), match.group(3)
        value = env.get(name)
        missing = value is None or (value == "" and op is not None and op.startswith(":"))
        if op in (":?", "?") and missing:
            raise MissingVariable(f"{name}: {arg}")
        if op in (":-", "-") and missing:
            return arg or ""
        return value or ""

    return _COMPOSE_VAR.sub(replace, text)


def filled_env() -> dict[str, str]:
    """.env.example with a stand-in value for every required (empty) variable."""
    env = read_env_file(ENV_EXAMPLE)
    return {k: (v if v else f"stand-in-{k.lower()}-0123456789abcdef") for k, v in env.items()}


def load_compose(env: dict[str, str]) -> dict:
    return yaml.safe_load(interpolate(COMPOSE_FILE.read_text(), env))


def render_edge(dest: Path, values: dict[str, str], extra_http_conf: str = "") -> Path:
    """Lay out an nginx prefix as the nginx image does: nginx.conf, snippets/, mime.types, and the
    templates rendered into edge/ with the EDGE_* values. Returns the path of nginx.conf."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(NGINX_DIR / "nginx.conf", dest / "nginx.conf")
    shutil.copytree(NGINX_DIR / "snippets", dest / "snippets", dirs_exist_ok=True)
    shutil.copy("/etc/nginx/mime.types", dest / "mime.types")
    out = dest / "edge"
    out.mkdir(exist_ok=True)
    for template in sorted((NGINX_DIR / "templates").glob("*.template")):
        text = template.read_text()
        unknown = sorted({m.group(1) for m in _EDGE_VAR.finditer(text)} - values.keys())
        if unknown:
            raise MissingVariable(f"{template.name} uses {', '.join(unknown)}, which are not set")
        rendered = _EDGE_VAR.sub(lambda m: values[m.group(1)], text)
        (out / template.name.removesuffix(".template")).write_text(rendered)
    if extra_http_conf:
        (out / "zz-test-only.conf").write_text(extra_http_conf)
    return dest / "nginx.conf"


def edge_values_from_compose(env: dict[str, str]) -> dict[str, str]:
    """The EDGE_* environment the compose file gives the nginx container."""
    environment = load_compose(env)["services"]["nginx"]["environment"]
    return {k: str(v) for k, v in environment.items() if k.startswith("EDGE_")}


def image_is_pinned(image: str) -> bool:
    """A fixed version tag (or a digest): not missing, not `latest`, not a bare major like `22`."""
    if "@sha256:" in image:
        return True
    name, _, tag = image.rpartition(":")
    if not name or "/" in tag or not tag:
        return False
    if tag == "latest" or tag.startswith("latest-"):
        return False
    # A version needs at least major.minor (or a commit-like tag); "22" or "8" moves with every release.
    # MinIO names its releases by their time (RELEASE.2025-04-22T22-12-26Z): as fixed as a version.
    return bool(re.search(r"\d+\.\d+", tag) or re.fullmatch(r"[0-9a-f]{7,40}", tag)
                or re.fullmatch(r"RELEASE\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z", tag))
