"""The production image holds no test double.

The image (Dockerfile) runs the backend's production build: Backstage's `package build` packs every
workspace package the backend reaches through `dependencies` (never `devDependencies`) with the files its
`files` field lists, and `yarn workspaces focus --production` installs their production dependencies.
So, read statically from the repository:

- no stand-in package (`*-test-utils`) is reachable from the backend's production dependencies;
- no package's `files` publishes a stand-in;
- a reachable package's production sources never import a stand-in, and the `testUtils` subpath a
  reachable package exports for tests (built with it) is left out when the image unpacks the build;
- what the last stage copies from the repository holds no stand-in.
"""

from __future__ import annotations

import json
import re
import shlex
from fnmatch import fnmatch
from pathlib import Path

import pytest

from deployfiles import REPO

DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"
BACKEND = "backend"
PRODUCTION_FIELDS = ("dependencies", "optionalDependencies", "peerDependencies")
# How the repository names its test doubles: the stand-ins, their packages and subpaths, and the
# package-internal test helpers (Backstage's `__testUtils__`, `__mocks__`).
TEST_DOUBLE_NAME = re.compile(r"stand-?in|test-?utils|__testutils__|__mocks__|double", re.IGNORECASE)
# `tar xzf bundle.tar.gz --exclude=<pattern>`: GNU tar matches an exclusion after any "/", and its
# wildcards match "/" too, so `dist/testUtils*` drops dist/testUtils.cjs.js and dist/testUtils/ alike.
TEST_UTILS_BUILD = "dist/testUtils*"
SOURCE_FILE = re.compile(r"\.(ts|tsx|js|jsx|mjs|cjs)$")
TEST_SOURCE = re.compile(r"(\.test\.|\.stories\.|(^|/)setupTests\.|(^|/)__testUtils__/|(^|/)__mocks__/)")
IMPORT = re.compile(r"""(?:from\s+|import\s*\(\s*|require\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]""", re.MULTILINE)


def _workspaces() -> dict[str, tuple[Path, dict]]:
    """Every workspace package by name: its folder and its package.json."""
    root = json.loads((REPO / "package.json").read_text())
    packages: dict[str, tuple[Path, dict]] = {}
    for pattern in root["workspaces"]:
        for manifest in sorted(REPO.glob(f"{pattern}/package.json")):
            data = json.loads(manifest.read_text())
            packages[data["name"]] = (manifest.parent, data)
    return packages


def production_tree(packages: dict[str, tuple[Path, dict]], start: str = BACKEND) -> tuple[set[str], set[str]]:
    """The workspace packages the backend reaches through production dependencies, recursively, and
    every package name (workspace or not) those list as a production dependency."""
    reached: set[str] = set()
    named: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        manifest = packages[name][1]
        for field in PRODUCTION_FIELDS:
            for dependency in manifest.get(field, {}):
                named.add(dependency)
                if dependency in packages:
                    todo.append(dependency)
    return reached, named


def _files_entries(packages: dict[str, tuple[Path, dict]]) -> list[tuple[str, str, list[Path]]]:
    """(package, `files` entry, the files of the package it takes in) for every package."""
    out = []
    for name, (folder, manifest) in packages.items():
        for entry in manifest.get("files", []):
            taken = [p for p in folder.glob(entry.rstrip("/"))]
            files = []
            for path in taken:
                files.extend(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else files.append(path)
            out.append((name, entry, [f for f in files if "node_modules" not in f.parts]))
    return out


def _production_sources(folder: Path) -> list[Path]:
    src = folder / "src"
    if not src.is_dir():
        return []
    return [f for f in sorted(src.rglob("*")) if f.is_file() and SOURCE_FILE.search(f.name)
            and not TEST_SOURCE.search(f.relative_to(folder).as_posix())
            and not f.relative_to(folder).as_posix().startswith("src/testUtils/")]


def _dockerfile_stages() -> list[list[str]]:
    """The Dockerfile's instructions (continuation lines joined), one list per stage."""
    stages: list[list[str]] = []
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            stages.append([])
        stages[-1].append(line)
    return stages


def _dockerignore() -> list[str]:
    return [line.strip() for line in DOCKERIGNORE.read_text().splitlines()
            if line.strip() and not line.strip().startswith("#")]


def _ignored(relative: str, patterns: list[str]) -> bool:
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        parts = relative.split("/")
        if any(fnmatch("/".join(parts[:i]), pattern) for i in range(1, len(parts) + 1)) or \
                (pattern.startswith("**/") and any(fnmatch(p, pattern[3:]) for p in parts)):
            ignored = not negate
    return ignored


@pytest.fixture(scope="module")
def packages() -> dict[str, tuple[Path, dict]]:
    return _workspaces()


@pytest.fixture(scope="module")
def tree(packages) -> tuple[set[str], set[str]]:
    return production_tree(packages)


def test_the_production_tree_is_what_the_backend_runs(tree):
    reached, _ = tree
    # A sanity check of the walk: the portal's own plugins are in, through the backend's dependencies.
    assert {"@mlops-portal/plugin-clearml-backend", "@mlops-portal/plugin-clearml-node",
            "@mlops-portal/plugin-scaffolder-backend-module-mlops"} <= reached


def test_no_stand_in_package_is_a_production_dependency(packages, tree):
    reached, named = tree
    test_utils = sorted(n for n in named | reached if TEST_DOUBLE_NAME.search(n))
    assert test_utils == [], (
        f"the production image would install {', '.join(test_utils)}: a stand-in belongs in devDependencies")


def test_every_stand_in_package_is_used_only_through_dev_dependencies(packages):
    # The repository's stand-in packages exist, so the check above is about something.
    stand_ins = {n for n in packages if n.endswith("-test-utils")}
    assert {"@mlops-portal/gitlab-test-utils", "@mlops-portal/keycloak-test-utils",
            "@mlops-portal/portal-test-utils"} <= stand_ins
    for name, (_, manifest) in packages.items():
        if name in stand_ins:
            continue  # a stand-in may build on another one
        for field in PRODUCTION_FIELDS:
            wrong = sorted(set(manifest.get(field, {})) & stand_ins)
            assert wrong == [], f"{name} lists {', '.join(wrong)} in {field}: tests use it, devDependencies"


def test_no_package_publishes_a_stand_in_in_its_files(packages):
    published = [(name, entry, [f.relative_to(REPO).as_posix() for f in files
                                if TEST_DOUBLE_NAME.search(f.relative_to(REPO).as_posix())])
                 for name, entry, files in _files_entries(packages)]
    named = [f"{name}: files lists {entry!r}" for name, entry, _ in published if TEST_DOUBLE_NAME.search(entry)]
    taken = [f"{name}: files entry {entry!r} takes in {', '.join(found)}" for name, entry, found in published
             if found and not TEST_DOUBLE_NAME.search(name)]
    assert named + taken == []


def test_production_sources_never_import_a_stand_in(packages, tree):
    reached, _ = tree
    found = []
    for name in sorted(reached):
        folder = packages[name][0]
        for source in _production_sources(folder):
            for target in IMPORT.findall(source.read_text()):
                if TEST_DOUBLE_NAME.search(target) or target.rstrip("/").endswith("/testUtils"):
                    found.append(f"{source.relative_to(REPO)} imports {target}")
    assert found == [], "production code imports a test double:\n" + "\n".join(found)


def test_the_image_leaves_the_test_utils_builds_out(packages, tree):
    reached, _ = tree
    exporting = sorted(name for name in reached
                       if any("testutils" in mount.lower() for mount in packages[name][1].get("exports", {})))
    # The ClearML stand-in is the subpath @mlops-portal/plugin-clearml-node/testUtils of a production
    # package: its build must stay out of the image.
    assert "@mlops-portal/plugin-clearml-node" in exporting
    for name in exporting:
        for mount in packages[name][1]["exports"]:
            if "testutils" in mount.lower():
                assert fnmatch(f"dist/{mount.removeprefix('./')}.cjs.js", TEST_UTILS_BUILD), (name, mount)
    unpacks = [shlex.split(line.split(None, 1)[1]) for line in _dockerfile_stages()[-1]
               if line.upper().startswith("RUN ") and "bundle.tar.gz" in line and "tar " in line]
    assert unpacks, "the last stage of the Dockerfile does not unpack bundle.tar.gz"
    for words in unpacks:
        extract = words[words.index("tar"):words.index("&&") if "&&" in words else len(words)]
        assert f"--exclude={TEST_UTILS_BUILD}" in extract, (
            f"the image unpacks the backend's build with its testUtils subpaths ({', '.join(exporting)}): "
            f"add --exclude='{TEST_UTILS_BUILD}' to: {' '.join(extract)}")


def test_what_the_image_copies_from_the_repository_holds_no_stand_in():
    ignore = _dockerignore()
    final = _dockerfile_stages()[-1]
    found = []
    for line in final:
        if not line.upper().startswith("COPY ") or "--from=" in line:
            continue
        words = [w for w in shlex.split(line)[1:] if not w.startswith("--")]
        for source in words[:-1]:
            path = REPO / source
            files = [f for f in path.rglob("*") if f.is_file()] if path.is_dir() else [path]
            for f in files:
                relative = f.relative_to(REPO).as_posix()
                if not _ignored(relative, ignore) and TEST_DOUBLE_NAME.search(relative):
                    found.append(relative)
    assert found == [], "the image copies test doubles: " + ", ".join(found)
