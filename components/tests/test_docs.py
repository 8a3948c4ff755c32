import importlib.util
import subprocess
import sys

import pytest

from mlops_components.catalog import COMPONENTS_DIR
from mlops_components.docs import (
    NAV_BEGIN,
    NAV_END,
    REFERENCE_GLOB,
    differences,
    docstring_problems,
    example_code,
    generate,
    main,
    split_sections,
    to_markdown,
    with_nav,
)
from mlops_components.registry import ComponentMeta, all_components


def test_the_committed_pages_and_nav_are_up_to_date():
    diff = differences(COMPONENTS_DIR, generate(), REFERENCE_GLOB)
    assert diff == {"missing": [], "stale": [], "extra": []}, (
        f"components/docs/reference or the mkdocs nav is out of date with the registry: {diff}. "
        "Regenerate with: cd components && make docs"
    )


def test_every_docstring_has_the_required_sections_and_a_valid_example():
    assert docstring_problems(all_components()) == []


def test_every_component_page_shows_its_summary_import_and_example():
    pages = generate()
    for name, meta in all_components().items():
        page = pages[f"docs/reference/{meta.level}s/{name}.md"]
        module, qualname = meta.import_path.split(":")
        assert meta.summary in page, name
        assert f"from {module} import {qualname}" in page, name
        assert example_code(meta) in page, name
        assert f"{meta.name}: reference/{meta.level}s/{name}.md" in pages["mkdocs.yml"], name


def test_mkdocs_builds_the_site_in_strict_mode(tmp_path):
    if importlib.util.find_spec("mkdocs") is None:
        pytest.fail(
            "mkdocs is not installed for this Python: run scripts/bootstrap.sh "
            "(it installs Debian's mkdocs and mkdocs-material), then run the tests again"
        )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
         "-f", str(COMPONENTS_DIR / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for meta in all_components().values():
        page = tmp_path / "site" / "reference" / f"{meta.level}s" / meta.name / "index.html"
        assert page.is_file(), meta.name


# --- the Markdown handling, on small docstrings ---------------------------------------------------


def test_sphinx_roles_become_code_and_headings_level_two():
    text = "See :class:`~pkg.mod.Thing` and :func:`run`.\n\n# Example\n\nWhen to use\n---\nok"
    assert to_markdown(text) == "See `Thing` and `run`.\n\n## Example\n\n## When to use\nok\n"


def test_comments_inside_code_are_not_headings():
    text = "## Example\n```python\n# not a heading\nx = 1\n```\n## Figures\nMAE 3.1"
    sections = split_sections(to_markdown(text))
    assert sections["Example"] == "```python\n# not a heading\nx = 1\n```"
    assert sections["Figures"] == "MAE 3.1"


class Windower:
    """Cut a series into windows.

    Longer description.

    ## When to use
    Before a classifier.

    ## Example
    ```python
    Windower()
    ```
    """


class WindowClassifier:
    """Classify windows.

    ## When to use
    Classification.

    ## Example
    ```python
    WindowClassifier()
    ```
    """


class Broken:
    """A component without sections.

    ## Example
    ```python
    def broken(:
    ```
    """


def _meta(obj, name, level, built_from=()):
    return ComponentMeta(
        name, level, ("classification",), "model", tuple(built_from), "0.1.0",
        f"m:{obj.__name__}", obj,
    )


@pytest.fixture
def site_root(tmp_path):
    nav = f"nav:\n  - Home: index.md\n{NAV_BEGIN}\n{NAV_END}\n"
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n" + nav)
    return tmp_path


def test_pages_link_parts_and_users_both_ways(site_root):
    components = {
        "windower": _meta(Windower, "windower", "atom"),
        "window-classifier": _meta(WindowClassifier, "window-classifier", "molecule", ["windower"]),
    }
    files = generate(components, root=site_root)
    atom = files["docs/reference/atoms/windower.md"]
    molecule = files["docs/reference/molecules/window-classifier.md"]
    assert "## Used by\n\n- [window-classifier](../molecules/window-classifier.md)" in atom
    assert "## Built from\n\n- [windower](../atoms/windower.md): Cut a series" in molecule
    positions = [atom.index(s) for s in ("Longer description.", "## Built from", "## When to use")]
    assert positions == sorted(positions)
    assert "- window-classifier: reference/molecules/window-classifier.md" in files["mkdocs.yml"]
    assert "[windower](windower.md)" in files["docs/reference/atoms/index.md"]


def test_missing_sections_and_broken_examples_are_refused(site_root):
    components = {"broken": _meta(Broken, "broken", "atom")}
    problems = docstring_problems(components)
    assert any("no '## When to use' section" in p for p in problems)
    assert any("example is not valid Python" in p for p in problems)
    with pytest.raises(ValueError, match="fix these docstrings"):
        generate(components, root=site_root)


def test_the_nav_markers_are_required():
    with pytest.raises(ValueError, match="marker"):
        with_nav("site_name: x\nnav:\n  - Home: index.md\n", "  - Reference: x.md")


def test_check_and_write_from_the_command_line(tmp_path, capsys):
    root = tmp_path / "components"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text((COMPONENTS_DIR / "mkdocs.yml").read_text())
    assert main(["--root", str(root), "--check"]) == 1
    assert "missing: docs/reference/index.md" in capsys.readouterr().out
    assert main(["--root", str(root)]) == 0
    assert main(["--root", str(root), "--check"]) == 0
    obsolete = root / "docs/reference/atoms/gone.md"
    obsolete.write_text((root / "docs/reference/index.md").read_text())
    assert main(["--root", str(root), "--check"]) == 1
    assert "extra: docs/reference/atoms/gone.md" in capsys.readouterr().out
    assert main(["--root", str(root)]) == 0 and not obsolete.exists()
