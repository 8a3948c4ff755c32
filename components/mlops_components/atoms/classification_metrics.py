"""Classification metrics: accuracy, balanced accuracy and macro-averaged F1."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..registry import component


def _pair(
    y_true: Any, y_pred: Any, labels: Sequence[Any] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check a pair of label vectors; return them and the classes that ``y_true`` defines."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim != 1 or y_pred.ndim != 1:
        raise ValueError("y_true and y_pred must be 1-D label vectors")
    if len(y_true) != len(y_pred):
        raise ValueError(
            f"y_true has {len(y_true)} labels but y_pred has {len(y_pred)}: lengths must match"
        )
    if len(y_true) == 0:
        raise ValueError("y_true and y_pred are empty: there is nothing to score")
    classes = np.unique(y_true) if labels is None else np.asarray(labels)
    if labels is not None:
        unknown = set(np.unique(np.concatenate([y_true, y_pred]))) - set(classes.tolist())
        if unknown:
            raise ValueError(
                f"unknown labels {sorted(map(str, unknown))}; the known labels are {list(classes)}"
            )
    return y_true, y_pred, classes


def _recall_precision(
    y_true: np.ndarray, y_pred: np.ndarray, classes: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per-class recall and precision (0 where a class is never true / never predicted)."""
    recall, precision = [], []
    for c in classes:
        hits = np.sum((y_true == c) & (y_pred == c))
        n_true, n_pred = np.sum(y_true == c), np.sum(y_pred == c)
        recall.append(hits / n_true if n_true else 0.0)
        precision.append(hits / n_pred if n_pred else 0.0)
    return np.array(recall), np.array(precision)


@component(name="accuracy", tasks=("classification",), category="metric")
def accuracy(y_true: Any, y_pred: Any, labels: Sequence[Any] | None = None) -> float:
    """Share of series whose predicted label is the true one; the test error is ``1 - accuracy``.

    If ``labels`` is given, a label outside it (in either vector) is refused as unknown.

    ## When to use
    The UCR archive's headline figure (reported as error = 1 - accuracy); use it with balanced
    classes, and balanced accuracy when the classes are skewed.

    ## Example
    ```python
    from mlops_components.atoms.classification_metrics import accuracy

    accuracy(["a", "a", "b", "b"], ["a", "b", "b", "b"])  # 0.75
    ```
    """
    y_true, y_pred, _ = _pair(y_true, y_pred, labels)
    return float(np.mean(y_true == y_pred))


@component(name="balanced-accuracy", tasks=("classification",), category="metric")
def balanced_accuracy(y_true: Any, y_pred: Any, labels: Sequence[Any] | None = None) -> float:
    """Mean over the true classes of the share of each class predicted correctly (mean recall).

    The classes are those present in ``y_true`` (or ``labels``, whose absent classes are skipped).

    ## When to use
    When classes are imbalanced: predicting the majority class always scores 1 / number of classes.

    ## Example
    ```python
    from mlops_components.atoms.classification_metrics import balanced_accuracy

    balanced_accuracy(["a", "a", "a", "b"], ["a", "a", "a", "a"])  # (1 + 0) / 2 = 0.5
    ```
    """
    y_true, y_pred, classes = _pair(y_true, y_pred, labels)
    present = np.isin(classes, y_true)
    recall, _ = _recall_precision(y_true, y_pred, classes[present])
    return float(recall.mean())


@component(name="macro-f1", tasks=("classification",), category="metric")
def macro_f1(y_true: Any, y_pred: Any, labels: Sequence[Any] | None = None) -> float:
    """Unweighted mean over classes of the F1 score (harmonic mean of precision and recall).

    Classes are the union of the labels in ``y_true`` and ``y_pred`` (or ``labels``); a class with
    neither hits nor predictions contributes 0, as in scikit-learn.

    ## When to use
    When every class matters equally and both missed and spurious predictions of a class count.

    ## Example
    ```python
    from mlops_components.atoms.classification_metrics import macro_f1

    macro_f1(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    # class a: P=1, R=0.5, F1=2/3; class b: P=2/3, R=1, F1=0.8; mean 0.7333
    ```
    """
    y_true, y_pred, classes = _pair(y_true, y_pred, labels)
    if labels is None:
        classes = np.unique(np.concatenate([y_true, y_pred]))
    recall, precision = _recall_precision(y_true, y_pred, classes)
    denom = precision + recall
    f1 = np.divide(2 * precision * recall, denom, out=np.zeros_like(denom), where=denom > 0)
    return float(f1.mean())
