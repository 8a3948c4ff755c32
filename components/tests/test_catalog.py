from pathlib import Path

import pytest
import yaml

from mlops_components import __version__
from mlops_components.catalog import (
    DEFAULT_OUT,
    LIBRARY_FILE,
    HEADER,
    component_entity,
    differences,
    generate,
    library_file,
    main,
    validate,
)
from mlops_components.registry import ComponentMeta, all_components


class Windowed:
    """Cut a series into overlapping windows.

    ## When to use
    Always.

    ## Example
    ```python
    print(1)
    ```
    """


def _meta(name, level="atom", built_from=(), tasks=("forecasting", "anomaly-detection")):
    return ComponentMeta(
        name, level, tasks, "feature", tuple(built_from), "0.1.0", "pkg.mod:Windowed", Windowed
    )


def test_a_component_entity_has_exactly_the_shape_the_portal_reads():
    entity = component_entity(_meta("windows", level="molecule", built_from=("a", "b")))
    assert entity == {
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "Component",
        "metadata": {
            "name": "windows",
            "title": "Windowed",
            "description": "Cut a series into overlapping windows.",
            "tags": ["forecasting", "anomaly-detection", "feature"],
            "labels": {
                "mlops-portal.io/level": "molecule",
                "mlops-portal.io/category": "feature",
            },
            "annotations": {
                "mlops-portal.io/tasks": "forecasting,anomaly-detection",
                "mlops-portal.io/python-import": "from pkg.mod import Windowed",
                "mlops-portal.io/python-package": "mlops-components==0.1.0",
                "backstage.io/techdocs-entity": "component:default/mlops-components",
                "backstage.io/techdocs-entity-path": "/reference/molecules/windows/",
            },
        },
        "spec": {
            "type": "ml-molecule",
            "lifecycle": "production",
            "owner": "group:default/researchers",
            "system": "atomic-components",
            "dependsOn": ["component:default/a", "component:default/b"],
        },
    }


def test_dependson_is_omitted_when_a_component_is_built_from_nothing():
    assert "dependsOn" not in component_entity(_meta("windows"))["spec"]


def test_generation_is_deterministic_and_ignores_registration_order():
    components = all_components()
    shuffled = dict(reversed(list(components.items())))
    assert generate(components) == generate(shuffled) == generate()


def test_the_committed_catalog_is_up_to_date():
    diff = differences(DEFAULT_OUT, generate(), "*.yaml")
    assert diff == {"missing": [], "stale": [], "extra": []}, (
        f"catalog-info/components is out of date with the registry: {diff}. "
        "Regenerate it with: cd components && make catalog"
    )
    assert LIBRARY_FILE.read_text() == library_file(), (
        "components/catalog-info.yaml is out of date: cd components && make catalog"
    )


def test_every_file_is_a_valid_entity_named_like_its_file():
    for filename, text in generate().items():
        assert text.startswith(HEADER)
        entity = yaml.safe_load(text)
        assert validate(entity) == [], filename
        if entity["kind"] == "Component":
            assert entity["metadata"]["name"] == filename.removesuffix(".yaml")
            assert entity["metadata"]["annotations"]["mlops-portal.io/python-package"] == (
                f"mlops-components=={__version__}"
            )


def test_every_dependency_and_location_target_exists():
    files = generate()
    names = {yaml.safe_load(t)["metadata"]["name"] for f, t in files.items() if f != "all.yaml"}
    names.add(yaml.safe_load(library_file())["metadata"]["name"])
    for filename, text in files.items():
        for ref in yaml.safe_load(text)["spec"].get("dependsOn", []):
            assert ref.removeprefix("component:default/") in names, f"{filename} depends on {ref}"
    targets = yaml.safe_load(files["all.yaml"])["spec"]["targets"]
    assert (DEFAULT_OUT / targets[0]).resolve() == LIBRARY_FILE
    assert sorted(t.removeprefix("./") for t in targets[1:]) == sorted(set(files) - {"all.yaml"})


def test_every_registered_component_has_an_entity():
    assert {f"{name}.yaml" for name in all_components()} <= set(generate())


def test_the_library_entity_points_techdocs_at_this_mkdocs_site():
    library = yaml.safe_load(library_file())
    assert library["spec"]["type"] == "library"
    ref = library["metadata"]["annotations"]["backstage.io/techdocs-ref"]
    # TechDocs only follows a dir: reference inside the folder of the file defining the entity.
    assert ref == "dir:."
    site = (LIBRARY_FILE.parent / ref.removeprefix("dir:")).resolve()
    assert site == Path(__file__).resolve().parents[1] and (site / "mkdocs.yml").is_file()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "Bad Name", "not a valid Backstage entity name"),
        ("name", "x" * 64, "not a valid Backstage entity name"),
        ("tags", ["Forecasting"], "not a valid Backstage tag"),
    ],
)
def test_invalid_backstage_values_are_reported(field, value, message):
    entity = component_entity(_meta("windows"))
    entity["metadata"][field] = value
    assert any(message in problem for problem in validate(entity))


def test_check_and_write_from_the_command_line(tmp_path, capsys):
    assert main(["--out", str(tmp_path), "--check"]) == 1
    assert "missing: all.yaml" in capsys.readouterr().out
    assert main(["--out", str(tmp_path)]) == 0
    assert main(["--out", str(tmp_path), "--check"]) == 0

    (tmp_path / "removed-component.yaml").write_text(HEADER + "kind: Component\n")
    (tmp_path / "hand-written.yaml").write_text("kind: Component\n")
    (tmp_path / "mase.yaml").write_text(HEADER + "edited by hand\n")
    assert main(["--out", str(tmp_path), "--check"]) == 1
    out = capsys.readouterr().out
    assert "stale: mase.yaml" in out and "extra: removed-component.yaml" in out
    assert "make catalog" in out

    assert main(["--out", str(tmp_path)]) == 0
    assert not (tmp_path / "removed-component.yaml").exists()  # generated and obsolete: deleted
    assert (tmp_path / "hand-written.yaml").exists()  # not ours: kept, and reported
    assert "kept hand-written.yaml" in capsys.readouterr().out
