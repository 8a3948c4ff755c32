"""The threat map (docs/operators/security.md): every scenario of THREATS.md has a row, and every test a
row names exists, under that name, in the file it names. A renamed test or file makes this fail, so
the map cannot point an operator at proof that is no longer there."""

from __future__ import annotations

import re
import subprocess
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path

import pytest

from deployfiles import REPO

MAP = REPO / "docs" / "operators" / "security.md"
SCENARIOS = 43

# `name.test.ts`, `dir/name.test.tsx`, `test_x.py`, `test_x.py::test_y` (a `*` stands for several tests)
TEST_REF = re.compile(r"`([\w./-]*(?:\.test\.tsx?|test_\w+\.py)(?:::[\w*]+)?)`")
TITLE = re.compile(r'"([^"]+)"')


def _rows() -> dict[int, str]:
    rows = {}
    for line in MAP.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].isdigit():
            rows[int(cells[0])] = " | ".join(cells[1:])
    return rows


@cache
def _tracked() -> list[str]:
    return subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True,
                          check=True).stdout.splitlines()


def _file(ref: str) -> Path:
    """The one tracked file a reference names: by its path's end (`e2e/` is the end-to-end tests' folder)."""
    tail = ref.removeprefix("e2e/")
    found = [f for f in _tracked() if f == tail or f.endswith("/" + tail)]
    found = [f for f in found if ("/e2e-tests/" in f) == ref.startswith("e2e/")]
    assert len(found) == 1, f"{ref} names {len(found)} files: {found}"
    return REPO / found[0]


def _apostrophes(text: str) -> str:
    return text.replace("’", "'")


def _references(text: str) -> list[tuple[str, list[str]]]:
    """Each test file a row names, with the test titles quoted after it (up to the next file)."""
    refs = list(TEST_REF.finditer(text))
    out = []
    for i, ref in enumerate(refs):
        end = refs[i + 1].start() if i + 1 < len(refs) else len(text)
        after = text[ref.end():end]
        titles = TITLE.findall(after) if after.lstrip().startswith("›") else []
        out.append((ref.group(1), titles))
    return out


def test_every_scenario_has_a_row():
    assert sorted(_rows()) == list(range(1, SCENARIOS + 1))


@pytest.mark.parametrize("number", range(1, SCENARIOS + 1))
def test_every_test_a_row_names_exists(number):
    text = _rows()[number]
    missing = []
    for ref, titles in _references(text):
        path, _, test = ref.partition("::")
        # apostrophes: escaped ('a researcher\\'s task') or typographic (’) in the source
        source = _apostrophes(_file(path).read_text().replace("\\'", "'"))
        if test:
            names = re.findall(r"^def (test_\w+)", source, re.M)
            if not any(fnmatchcase(n, test) for n in names):
                missing.append(f"{ref}: no such test")
        for title in titles:
            # a title may be shortened with "…"; what stands before it must be the test's own words
            words = _apostrophes(title.split("…")[0].strip())
            if words and words not in source:
                missing.append(f'{path} › "{title}": no test says that')
    assert missing == []
