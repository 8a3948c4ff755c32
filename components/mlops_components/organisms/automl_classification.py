"""Time-budgeted AutoML for time-series classification, MiniRocket at its core."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from ..atoms._series_checks import check_fitted, check_labels, check_panel
from ..atoms.majority_class import MajorityClassClassifier
from ..molecules.minirocket_classifier import MiniRocketClassifier, ridge_loo
from ..molecules.nearest_neighbour import NearestNeighbourClassifier
from ..molecules.rocket_classifier import RocketClassifier
from ..registry import component
from ..tracking.base import Tracker
from .search import AutoMLSearch, Candidate, leaderboard_frame, narrow_to_components

#: DTW cells (pairs x length x band) this machine computes per second, roughly, for the estimate
#: that decides whether 1-NN DTW can finish in its share of the budget.
DTW_CELLS_PER_SECOND = 2e8


def classification_candidates(
    n_series: int, length: int, budget_seconds: float, random_state: int = 0
) -> list[Candidate]:
    """The configurations tried, in order; 1-NN DTW only when its estimated cost fits."""
    def candidate(name: str, cls: type, **params: Any) -> Candidate:
        return Candidate(name, params, partial(cls, **params))

    cands = [
        candidate("minirocket", MiniRocketClassifier, random_state=random_state),
        candidate("1nn-euclidean", NearestNeighbourClassifier, metric="euclidean"),
        candidate("rocket-2000", RocketClassifier, n_kernels=2000, random_state=random_state),
        candidate("majority-class", MajorityClassClassifier),
    ]
    for window in (0.1, 0.2):
        cells = n_series ** 2 / 2 * length * (2 * window * length + 1)
        if cells / DTW_CELLS_PER_SECOND < budget_seconds / 2:
            cands.append(candidate(f"1nn-dtw-w{window:g}", NearestNeighbourClassifier,
                                   metric="dtw", window=window))
    return cands


def loo_accuracy(model: Any, X: np.ndarray, y: np.ndarray) -> float:
    """Leave-one-out accuracy on the training set of a fitted candidate, without refitting it."""
    if isinstance(model, MiniRocketClassifier):
        return model.loo_accuracy_
    if isinstance(model, NearestNeighbourClassifier):
        d = model.distances(X)
        np.fill_diagonal(d, np.inf)
        return float(np.mean(model.y_[np.argmin(d, axis=1)] == y))
    if isinstance(model, RocketClassifier):
        ridge = model.pipeline_[-1]
        return ridge_loo(model.pipeline_[:-1].transform(X), y, [ridge.alpha_])[1]
    if isinstance(model, MajorityClassClassifier):
        values, counts = np.unique(y, return_counts=True)
        # leaving one out of the majority class may hand the majority to another class
        return float((counts.max() - 1) / len(y)) if (counts == counts.max()).sum() > 1 \
            else float(counts.max() / len(y))
    raise ValueError(f"no leave-one-out estimate for {type(model).__name__}")


@component(
    name="automl-classification",
    tasks=("classification",),
    category="automl",
    built_from=("majority-class", "knn-dtw", "rocket-classifier", "minirocket-classifier"),
)
class AutoMLClassifier(AutoMLSearch):
    """Search classifiers within a time budget, MiniRocket first; predict with the best.

    ``fit(X, y)`` (one equal-length series per row) tries MiniRocket (10,000 features,
    ``RidgeClassifierCV``), 1-NN Euclidean, ROCKET with 2,000 kernels, the majority class and,
    when the estimated cost fits half the budget, 1-NN DTW with bands of 10 % and 20 %. Each
    candidate is fitted once on the whole training set in a worker process (``n_jobs`` at once)
    and scored by its leave-one-out accuracy on the training set (exact and cheap for ridge and
    1-NN), so the fitted candidate is the refitted one. A candidate still running at the deadline
    is stopped and listed with that error: it never wins. Ties go to the earlier candidate.

    After fitting: ``leaderboard_`` (``candidate, score, fit_seconds, error, params``, best
    first), ``best_name_``, ``best_`` and ``search_``; ``predict(X)`` uses ``best_``.

    ## When to use
    On a new labelled set of equal-length series, to get a strong model and an honest
    comparison of the standard approaches without hand-tuning.

    ## Example
    ```python
    from mlops_components.atoms.ucr_loader import load_ucr
    from mlops_components.organisms.automl_classification import AutoMLClassifier

    X, y = load_ucr("data/classification/GunPoint_TRAIN.ts")
    automl = AutoMLClassifier(budget_seconds=20).fit(X, y)
    automl.leaderboard_[["candidate", "score"]]
    automl.predict(X[:3])
    ```

    ## Figures
    `bench/automl.py` on 8 UCR sets with 60 s each: see the library's README.
    """

    def __init__(
        self,
        budget_seconds: float = 60.0,
        n_jobs: int | None = -1,
        random_state: int = 0,
        tracker: Tracker | None = None,
        components: tuple[str, ...] | None = None,
    ):
        self.budget_seconds = budget_seconds
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.tracker = tracker
        self.components = components

    def fit(self, X: Any, y: Any) -> "AutoMLClassifier":
        X = check_panel(X, "X")
        y = check_labels(y, len(X), "y")
        values, counts = np.unique(y, return_counts=True)
        if len(values) < 2:
            raise ValueError(f"y has a single class ({values[0]!r}): there is nothing to classify")
        cands = classification_candidates(len(X), X.shape[1], self.budget_seconds,
                                          self.random_state)
        if self.components is not None:
            cands = narrow_to_components(cands, self.components)
        deadline = self._start()  # the budget starts once the candidates are known

        def work(c: Candidate) -> tuple[float, Any]:
            model = c.make().fit(X, y)
            return loo_accuracy(model, X, y), model

        results = self._run([(c.name, partial(work, c)) for c in cands], deadline,
                            inline=("majority-class",))  # costs less than starting a worker
        rows, models = [], {}
        for c, r in zip(cands, results):
            score = r.value[0] if r.error is None else np.nan
            rows.append({"candidate": c.name, "score": score, "fit_seconds": round(r.seconds, 3),
                         "error": r.error, "params": c.params})
            if r.error is None:
                models[c.name] = r.value[1]
        if not models:
            errors = "; ".join(f"{r.name}: {r.error}" for r in results[:3])
            raise ValueError(f"no classifier could be fitted within the budget ({errors})")
        self.leaderboard_ = leaderboard_frame(rows, greater_is_better=True)
        self.best_name_ = self.leaderboard_["candidate"].iloc[0]
        self.best_ = models[self.best_name_]
        self.classes_ = values
        self.search_ = self._summary(results)
        self._report(self.tracker, "loo accuracy", {"n_series": len(X), "length": X.shape[1]})
        return self

    def predict(self, X: Any) -> np.ndarray:
        check_fitted(self, "best_", "fit(X, y)")
        return self.best_.predict(X)

    def score(self, X: Any, y: Any) -> float:
        """Accuracy of ``predict(X)`` against ``y``."""
        return float(np.mean(self.predict(X) == np.asarray(y)))
