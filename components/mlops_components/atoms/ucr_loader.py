"""Load a UCR/UEA classification data set stored in sktime's ``.ts`` text format."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..registry import component


@component(name="ucr-loader", tasks=("classification",), category="loader")
def load_ucr(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """Read a univariate, equal-length UCR ``.ts`` file into ``(X, y)``.

    ``X`` is a float array with one series per row; ``y`` holds the class labels as strings, exactly
    as written in the file. Lines starting with ``#`` are comments; ``@`` lines are the header, of
    which ``@classLabel true <labels...>`` declares the allowed labels; after ``@data`` each line is
    ``v1,v2,...,vm:label``. Missing values (``?`` or ``NaN``), series of different lengths, labels
    not declared in the header and files without data are refused with a ValueError.

    ## When to use
    To read the UCR archive's classification problems (GunPoint, ItalyPowerDemand, ...) for the
    classification molecules, which take the ``X`` and ``y`` returned here.

    ## Example
    ```python
    from mlops_components.atoms.ucr_loader import load_ucr

    X_train, y_train = load_ucr("data/classification/GunPoint_TRAIN.ts")
    X_train.shape, sorted(set(y_train))  # (50, 150), ['1', '2']
    ```
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"no UCR .ts file at {path}")
    declared: list[str] | None = None
    rows: list[list[float]] = []
    labels: list[str] = []
    in_data = False
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if not in_data:
                if not line.startswith("@"):
                    raise ValueError(f"{path}:{lineno}: expected a '@' header line before @data")
                key, *rest = line.split()
                key = key.lower()
                if key == "@classlabel" and rest and rest[0].lower() == "true":
                    declared = rest[1:]
                elif key == "@data":
                    in_data = True
                continue
            values_text, sep, label = line.rpartition(":")
            if not sep:
                raise ValueError(f"{path}:{lineno}: a data line must end with ':<class label>'")
            if ":" in values_text:
                raise ValueError(f"{path}:{lineno}: only univariate series are supported")
            label = label.strip()
            if declared is not None and label not in declared:
                raise ValueError(
                    f"{path}:{lineno}: unknown label {label!r}; the header declares {declared}"
                )
            if "?" in values_text or "nan" in values_text.lower():
                raise ValueError(f"{path}:{lineno}: the series has missing values")
            try:
                row = [float(v) for v in values_text.split(",")]
            except ValueError:
                raise ValueError(f"{path}:{lineno}: a value is not a number") from None
            if rows and len(row) != len(rows[0]):
                raise ValueError(
                    f"{path}:{lineno}: series of length {len(row)} among series of length "
                    f"{len(rows[0])}; only equal-length problems are supported"
                )
            rows.append(row)
            labels.append(label)
    if not rows:
        raise ValueError(f"{path} holds no series (is the @data section missing or empty?)")
    return np.asarray(rows, dtype=float), np.asarray(labels)
