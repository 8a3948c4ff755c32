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

