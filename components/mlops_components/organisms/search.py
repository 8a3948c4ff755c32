"""The time-budgeted search loop shared by the AutoML organisms of every task."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np
from sklearn.base import BaseEstimator


@dataclass(frozen=True)
class Candidate:
    """One configuration to try: a display name and a factory for a fresh, unfitted estimator."""

    name: str
    params: dict[str, Any]
    make: Callable[[], BaseEstimator]


@dataclass
class LeaderboardRow:
    name: str
    params: dict[str, Any]
    score: float
    fit_seconds: float
    error: str | None = None


@dataclass
class SearchResult:
    """A leaderboard (best first) and the best candidate refitted on all the data."""

    leaderboard: list[LeaderboardRow]
    best: BaseEstimator | None
    best_row: LeaderboardRow | None
    elapsed_seconds: float
    skipped: list[str] = field(default_factory=list)


def run_search(
    candidates: Iterable[Candidate],
    evaluate: Callable[[Candidate], float],
    refit: Callable[[Candidate], BaseEstimator],
    *,
    budget_seconds: float,
    greater_is_better: bool,
) -> SearchResult:
    """Try candidates in order until the time budget is spent, then refit the best one.

    ``evaluate`` returns the candidate's validation score (time-aware validation is the caller's job).
    A candidate is only started while the time spent so far, plus the slowest candidate seen, fits in
    the budget, so the search ends within ``budget_seconds`` unless a single candidate is slower than
    everything before it. A candidate that raises is recorded with its error and does not win.
    """
    if budget_seconds <= 0:
        raise ValueError(f"the time budget must be positive, got {budget_seconds} seconds")
    start = time.monotonic()
    rows: list[LeaderboardRow] = []
    by_name: dict[str, Candidate] = {}
    skipped: list[str] = []
    slowest = 0.0
    for cand in candidates:
        spent = time.monotonic() - start
        if spent + slowest > budget_seconds:
            skipped.append(cand.name)
            continue
        t0 = time.monotonic()
        try:
            score = float(evaluate(cand))
            error = None
        except (ValueError, ArithmeticError, RuntimeError, np.linalg.LinAlgError) as exc:
            score, error = float("nan"), f"{type(exc).__name__}: {exc}"
        took = time.monotonic() - t0
        slowest = max(slowest, took)
        rows.append(LeaderboardRow(cand.name, cand.params, score, took, error))
        by_name[cand.name] = cand

    def key(row: LeaderboardRow) -> float:
        if row.error is not None or row.score != row.score:
            return float("inf")
        return -row.score if greater_is_better else row.score

    rows.sort(key=key)
    best_row = rows[0] if rows and rows[0].error is None else None
    best = refit(by_name[best_row.name]) if best_row else None
    return SearchResult(rows, best, best_row, time.monotonic() - start, skipped)


def component_names(candidates: Iterable[Candidate]) -> dict[str, str | None]:
    """Each candidate's component: the registry name of the class its factory makes (or None)."""
    from ..registry import all_components  # the registry imports this module's organisms

    by_class = {meta.obj: name for name, meta in all_components().items()}
    return {c.name: by_class.get(type(c.make())) for c in candidates}


def narrow_to_components(
    candidates: Iterable[Candidate], components: Iterable[str]
) -> list[Candidate]:
    """Only the candidates built from one of ``components`` (registry names such as ``theta``).

    How a project searches only the models it was composed from. Raises ``ValueError`` when none is
    left, naming the components the candidates do come from.
    """
    cands = list(candidates)
    wanted = set(components)
    names = component_names(cands)
    kept = [c for c in cands if names[c.name] in wanted]
    if not kept:
        offered = sorted({n for n in names.values() if n is not None})
        raise ValueError(
            f"no candidate is built from {', '.join(sorted(wanted)) or 'no component'}; "
            f"the candidates here come from {', '.join(offered) or 'nothing'}"
        )
    return kept
