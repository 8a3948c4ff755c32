"""The single source of each component's metadata.

Every public component declares itself once, with :func:`component`, next to its code::

    @component(name="seasonal-naive", tasks=("forecasting",), category="baseline")
    class SeasonalNaive(BaseEstimator): ...

Its level is the folder it lives in (``FOLDER_LEVELS``). The catalog entities, the docs pages and
the composition checks are all generated from this registry, so a component's level, tasks,
category and what it is built from are written in exactly one place.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass
from typing import Callable, Literal, TypeVar, get_args

from . import __version__

# The vocabulary this library shares with the portal's catalog. The portal defines the same values once,
# in TypeScript (plugins/atomic-catalog/atomic-catalog-common/src/model.ts), and that package's
# vocabulary.test.ts compares them with vocabulary() below: change both together.
Level = Literal["atom", "molecule", "organism"]
Task = Literal["forecasting", "classification", "anomaly-detection"]
Category = Literal[
    "loader",
    "split",
    "preprocessing",
    "feature",
    "baseline",
    "model",
    "detector",
    "metric",
    "pipeline",
    "automl",
    "tracking",
]

LEVELS: tuple[str, ...] = get_args(Level)
TASKS: tuple[str, ...] = get_args(Task)
CATEGORIES: tuple[str, ...] = get_args(Category)

# Which levels a component of each level may be built from (atomic design's order).
ALLOWED_PARTS: dict[str, tuple[str, ...]] = {
    "atom": (),
    "molecule": ("atom",),
    "organism": ("atom", "molecule"),
}

# A component's level is the folder it lives in; tracking/ holds atoms (trackers, dataset versions).
FOLDER_LEVELS: dict[str, str] = {
    "atoms": "atom",
    "molecules": "molecule",
    "organisms": "organism",
    "tracking": "atom",
}

# The label and annotation keys the catalog entities carry (written by catalog.py).
ATOMIC_CATALOG_PREFIX = "mlops-portal.io"
LEVEL_LABEL = f"{ATOMIC_CATALOG_PREFIX}/level"
CATEGORY_LABEL = f"{ATOMIC_CATALOG_PREFIX}/category"
TASKS_ANNOTATION = f"{ATOMIC_CATALOG_PREFIX}/tasks"
PYTHON_IMPORT_ANNOTATION = f"{ATOMIC_CATALOG_PREFIX}/python-import"
PYTHON_PACKAGE_ANNOTATION = f"{ATOMIC_CATALOG_PREFIX}/python-package"
# Backstage's annotations that point a component at the TechDocs page documenting it.
TECHDOCS_ENTITY_ANNOTATION = "backstage.io/techdocs-entity"
TECHDOCS_ENTITY_PATH_ANNOTATION = "backstage.io/techdocs-entity-path"


def component_type(level: str) -> str:
    """The ``spec.type`` of a component of this level in the catalog (``ml-<level>``)."""
    return f"ml-{level}"


def vocabulary() -> dict[str, object]:
    """The shared vocabulary as plain data, keys named as the TypeScript package exports them."""
    return {
        "LIBRARY_LEVELS": list(LEVELS),
        "TASKS": list(TASKS),
        "CATEGORIES": list(CATEGORIES),
        "ALLOWED_PARTS": {level: list(parts) for level, parts in ALLOWED_PARTS.items()},
        "COMPONENT_TYPES": {level: component_type(level) for level in LEVELS},
        "KEYS": {
            "ATOMIC_CATALOG_PREFIX": ATOMIC_CATALOG_PREFIX,
            "LEVEL_LABEL": LEVEL_LABEL,
            "CATEGORY_LABEL": CATEGORY_LABEL,
            "TASKS_ANNOTATION": TASKS_ANNOTATION,
            "PYTHON_IMPORT_ANNOTATION": PYTHON_IMPORT_ANNOTATION,
            "PYTHON_PACKAGE_ANNOTATION": PYTHON_PACKAGE_ANNOTATION,
            "TECHDOCS_ENTITY_ANNOTATION": TECHDOCS_ENTITY_ANNOTATION,
            "TECHDOCS_ENTITY_PATH_ANNOTATION": TECHDOCS_ENTITY_PATH_ANNOTATION,
        },
    }


_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ComponentMeta:
    """What the catalog knows of one component."""

    name: str
    level: str
    tasks: tuple[str, ...]
    category: str
    built_from: tuple[str, ...]
    version: str
    import_path: str  # "module:qualname", what a researcher imports
    obj: object

    @property
    def title(self) -> str:
        return self.import_path.split(":")[1]

    @property
    def summary(self) -> str:
        doc = inspect.getdoc(self.obj) or ""
        return doc.strip().split("\n\n")[0].replace("\n", " ")

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.obj) or ""


_REGISTRY: dict[str, ComponentMeta] = {}

T = TypeVar("T")


def folder_level(module: str) -> str | None:
    """The level of a module of this library's level folders (``FOLDER_LEVELS``), else None."""
    parts = module.split(".")
    if len(parts) == 3 and parts[0] == __name__.split(".")[0]:
        return FOLDER_LEVELS.get(parts[1])
    return None


def component(
    *,
    name: str,
    tasks: tuple[Task, ...],
    category: Category,
    built_from: tuple[str, ...] = (),
    level: Level | None = None,
) -> Callable[[T], T]:
    """Declare a class or function as a catalogued component.

    ``built_from`` names the other components it is made of (their ``name``). The level is the
    component's folder (``FOLDER_LEVELS``); ``level`` is for code outside those folders. The rules
    of atomic design are checked when the whole library is loaded (:func:`all_components`).
    """
    if not _NAME.match(name):
        raise ValueError(f"component name {name!r} must be lowercase words joined by '-'")
    if level is not None and level not in LEVELS:
        raise ValueError(f"component {name!r}: level {level!r} is not one of {', '.join(LEVELS)}")
    if not tasks or any(t not in TASKS for t in tasks):
        raise ValueError(f"component {name!r}: tasks {tasks!r} must be taken from {', '.join(TASKS)}")
    if category not in CATEGORIES:
        raise ValueError(
            f"component {name!r}: category {category!r} is not one of {', '.join(CATEGORIES)}"
        )

    def register(obj: T) -> T:
        if name in _REGISTRY and _REGISTRY[name].obj is not obj:
            raise ValueError(f"component name {name!r} is declared twice")
        if not inspect.getdoc(obj):
            raise ValueError(f"component {name!r} needs a docstring: it becomes its docs page")
        folder = folder_level(obj.__module__)
        if level is not None and folder is not None and level != folder:
            raise ValueError(
                f"component {name!r}: declared level {level!r}, but its folder holds {folder}s"
            )
        if level is None and folder is None:
            raise ValueError(
                f"component {name!r}: put it in one of {', '.join(FOLDER_LEVELS)} or give its level"
            )
        _REGISTRY[name] = ComponentMeta(
            name=name,
            level=level or folder,
            tasks=tuple(tasks),
            category=category,
            built_from=tuple(built_from),
            version=__version__,
            import_path=f"{obj.__module__}:{obj.__qualname__}",
            obj=obj,
        )
        return obj

    return register


def _import_all() -> None:
    import mlops_components

    for info in pkgutil.walk_packages(mlops_components.__path__, "mlops_components."):
        importlib.import_module(info.name)


def check(components: dict[str, ComponentMeta]) -> list[str]:
    """Return every violation of atomic design's rules, as sentences naming the component and the fix."""
    problems = []
    for meta in components.values():
        for part in meta.built_from:
            if part not in components:
                problems.append(f"{meta.name}: built_from names {part!r}, which is not a component")
                continue
            part_level = components[part].level
            if part_level not in ALLOWED_PARTS[meta.level]:
                allowed = ", ".join(ALLOWED_PARTS[meta.level]) or "nothing"
                article = "an" if meta.level[0] in "aeiou" else "a"
                problems.append(
                    f"{meta.name}: {article} {meta.level} may be built from {allowed}, "
                    f"but it names the {part_level} {part!r}"
                )
    return problems


def all_components() -> dict[str, ComponentMeta]:
    """Load every module of the library and return its components by name, after checking the rules."""
    _import_all()
    problems = check(_REGISTRY)
    if problems:
        raise ValueError("the component library breaks atomic design:\n  " + "\n  ".join(problems))
    return dict(sorted(_REGISTRY.items()))
