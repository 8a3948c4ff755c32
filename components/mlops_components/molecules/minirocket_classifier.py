"""MiniRocket features, standardised, and a ridge classifier with leave-one-out regularisation."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import RidgeClassifier
from sklearn.preprocessing import StandardScaler

from ..atoms._series_checks import check_fitted, check_labels, check_panel
from ..atoms.minirocket import MiniRocketFeatures
from ..registry import component


def ridge_loo(Z: np.ndarray, y: np.ndarray, alphas: Any) -> tuple[float, float]:
    """The penalty among ``alphas`` with the best exact leave-one-out accuracy of a ridge
    classifier (one-vs-rest targets coded -1/+1, with intercept) on features ``Z``, and that
    accuracy. Ties go to the lower leave-one-out squared error.

    Uses the hat matrix ``H = Q diag(l / (l + alpha)) Q' + 11'/n`` of the centred Gram matrix
    ``Zc Zc' = Q diag(l) Q'``: the leave-one-out prediction of row ``i`` is
    ``y_i - (y_i - (HY)_i) / (1 - H_ii)``, for every alpha from one eigendecomposition.
    """
    classes = np.unique(y)
    Y = np.where(y[:, None] == classes[None, :], 1.0, -1.0)
    if len(classes) == 2:
        Y = Y[:, 1:]
    Zc = Z - Z.mean(axis=0)
    n = len(Z)
    lam, Q = np.linalg.eigh(Zc @ Zc.T)
    lam = np.clip(lam, 0.0, None)
    QtY = Q.T @ Y
    best = (-1.0, np.inf, float(alphas[0]))
    for alpha in alphas:
        shrink = lam / (lam + alpha)
        fitted = Q @ (shrink[:, None] * QtY) + Y.mean(axis=0)
        h = (Q ** 2) @ shrink + 1.0 / n
        loo = Y - (Y - fitted) / np.maximum(1.0 - h, 1e-12)[:, None]
        if loo.shape[1] == 1:
            pred = classes[(loo[:, 0] > 0).astype(int)]
        else:
            pred = classes[np.argmax(loo, axis=1)]
        acc, mse = float(np.mean(pred == y)), float(np.mean((loo - Y) ** 2))
        if acc > best[0] or (acc == best[0] and mse < best[1]):
            best = (acc, mse, float(alpha))
    return best[2], best[0]


@component(
    name="minirocket-classifier",
    tasks=("classification",),
    category="model",
    built_from=("minirocket-features",),
)
class MiniRocketClassifier(ClassifierMixin, BaseEstimator):
    """MiniRocket (10,000 features by default) + a ridge classifier (alphas 10^-3..10^3).

    The ridge penalty is chosen among ``alphas`` by exact, efficient leave-one-out
    cross-validation, as in the MiniRocket paper (which uses ``RidgeClassifierCV``); here the
    criterion is leave-one-out accuracy (see :func:`ridge_loo`), and ``loo_accuracy_`` keeps it:
    what the AutoML organism ranks the model by, at no extra cost. The features are standardised
    on the training set first.

    ## When to use
    The first classifier to try on equal-length univariate series: state-of-the-art accuracy on
    the UCR archive in seconds.

    ## Example
    ```python
    from mlops_components.atoms.ucr_loader import load_ucr
    from mlops_components.molecules.minirocket_classifier import MiniRocketClassifier

    X, y = load_ucr("data/classification/GunPoint_TRAIN.ts")
    X_test, y_test = load_ucr("data/classification/GunPoint_TEST.ts")
    MiniRocketClassifier().fit(X, y).score(X_test, y_test)
    ```
    """

    def __init__(
        self,
        n_features: int = 10_000,
        alphas: tuple[float, ...] = tuple(np.logspace(-3, 3, 10)),
        random_state: int | None = 0,
    ):
        self.n_features = n_features
        self.alphas = alphas
        self.random_state = random_state

    def fit(self, X: Any, y: Any) -> "MiniRocketClassifier":
        X = check_panel(X)
        y = check_labels(y, len(X))
        self.features_ = MiniRocketFeatures(self.n_features, self.random_state).fit(X)
        self.scaler_ = StandardScaler()
        Z = self.scaler_.fit_transform(self.features_.transform(X))
        alpha, self.loo_accuracy_ = ridge_loo(Z, y, np.asarray(self.alphas, dtype=float))
        self.ridge_ = RidgeClassifier(alpha=alpha).fit(Z, y)
        self.classes_ = self.ridge_.classes_
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X: Any) -> np.ndarray:
        check_fitted(self, "ridge_", "fit(X, y)")
        return self.ridge_.predict(self.scaler_.transform(self.features_.transform(check_panel(X))))
