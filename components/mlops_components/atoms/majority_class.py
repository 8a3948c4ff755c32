"""The majority-class baseline classifier."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from ..registry import component
from ._series_checks import check_fitted, check_labels, check_panel


@component(name="majority-class", tasks=("classification",), category="baseline")
class MajorityClassClassifier(ClassifierMixin, BaseEstimator):
    """Predict the most frequent training label for every series (ties go to the smallest label).

    ## When to use
    The floor every classifier must clear: its accuracy is the share of the largest class, and its
    balanced accuracy is 1 / number of classes.

    ## Example
    ```python
    import numpy as np
    from mlops_components.atoms.majority_class import MajorityClassClassifier

    clf = MajorityClassClassifier().fit(np.zeros((3, 4)), ["a", "b", "b"])
    clf.predict(np.zeros((2, 4)))  # ['b', 'b']
    ```
    """

    def fit(self, X: Any, y: Any) -> "MajorityClassClassifier":
        X = check_panel(X)
        labels = check_labels(y, len(X))
        self.classes_, counts = np.unique(labels, return_counts=True)
        self.majority_ = self.classes_[int(np.argmax(counts))]
        self.class_prior_ = counts / counts.sum()
        self.n_features_in_ = X.shape[1]
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        check_fitted(self, "classes_", "fit(X, y)")
        X = check_panel(X)
        return np.tile(self.class_prior_, (len(X), 1))

    def predict(self, X: Any) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
