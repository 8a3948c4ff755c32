import pytest

from mlops_components.registry import ComponentMeta, all_components, check


def _meta(name, level, built_from=()):
    return ComponentMeta(name, level, ("forecasting",), "model", tuple(built_from), "0", "m:x", object)


def test_every_component_respects_atomic_design():
    components = all_components()
    assert check(components) == []


def test_a_molecule_built_from_an_organism_is_reported_with_both_names():
    comps = {
        "pipe": _meta("pipe", "organism"),
        "mol": _meta("mol", "molecule", ["pipe"]),
    }
    (problem,) = check(comps)
    assert "mol" in problem and "organism 'pipe'" in problem


def test_an_atom_built_from_anything_is_reported():
    comps = {"a": _meta("a", "atom"), "b": _meta("b", "atom", ["a"])}
    assert check(comps) == ["b: an atom may be built from nothing, but it names the atom 'a'"]


def test_an_unknown_part_is_reported():
    assert "not a component" in check({"m": _meta("m", "molecule", ["ghost"])})[0]


def test_bad_declarations_are_refused_at_import_time():
    from mlops_components.registry import component

    with pytest.raises(ValueError, match="level"):
        component(name="x", level="cell", tasks=("forecasting",), category="model")
    with pytest.raises(ValueError, match="tasks"):
        component(name="x", level="atom", tasks=("regression",), category="model")
    with pytest.raises(ValueError, match="lowercase"):
        component(name="Bad Name", level="atom", tasks=("forecasting",), category="model")


def test_the_level_is_the_folder_a_component_lives_in():
    from mlops_components.molecules.theta import ThetaForecaster
    from mlops_components.registry import component, folder_level

    components = all_components()
    assert all(folder_level(meta.obj.__module__) == meta.level for meta in components.values())
    assert components["theta"].level == "molecule" and components["local-tracker"].level == "atom"
    declare = component(name="theta", level="organism", tasks=("forecasting",), category="model")
    with pytest.raises(ValueError, match="level 'organism', but its folder holds molecules"):
        declare(ThetaForecaster)


def test_a_component_outside_the_level_folders_must_give_its_level():
    from mlops_components.registry import component

    def helper():
        """A helper."""

    with pytest.raises(ValueError, match="give its level"):
        component(name="outside-helper", tasks=("forecasting",), category="model")(helper)
