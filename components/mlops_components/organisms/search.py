"""The time-budgeted search shared by the AutoML organisms of every task.

Every AutoML organism is a scikit-learn-style search object (like ``GridSearchCV``): ``fit`` runs
its candidates, ``leaderboard_`` lists every candidate with its score, time and error, ``best_`` is
the chosen model, refitted, and ``predict`` uses it. What they share lives here:

- :func:`run_budgeted` runs each candidate's work (validation *and* refit on all the data) in a
  forked worker process, ``n_jobs`` at a time, and stops any worker still running at the
  deadline. The budget therefore covers the refit, and a slow candidate cannot overrun it: it is
  listed with the error ``stopped at the deadline``, never scored.
- :class:`AutoMLSearch` holds the parameters every search takes (``budget_seconds``, ``n_jobs``,
  ``random_state``, ``tracker``, ``components``) and builds ``leaderboard_``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from threadpoolctl import threadpool_limits

#: Kept back from the budget for stopping workers and collecting their results (models fitted on
#: hundreds of series take seconds to unpickle on a busy machine): 8 % of it, plus this many seconds.
RESERVE = 0.08
MARGIN_SECONDS = 0.5
NOT_STARTED = "not started: the budget was spent"


@dataclass(frozen=True)
class Candidate:
    """One configuration to try: a display name, its parameters and a factory for a fresh model."""

    name: str
    params: dict[str, Any]
    make: Callable[[], Any]


@dataclass
class TaskResult:
    """What one worker returned (``value``), how long it ran, or why it did not finish."""

    name: str
    value: Any = None
    seconds: float = 0.0
    error: str | None = None
    started: bool = True


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _child(fn: Callable[[], Any], conn: Any) -> None:
    try:
        with threadpool_limits(limits=1):  # one worker per core: no nested BLAS/OpenMP threads
            value = fn()
        conn.send(("ok", value))
    except BaseException as exc:  # reported to the parent as the candidate's error
        try:
            conn.send(("error", _describe(exc)))
        except BaseException:
            conn.send(("error", "".join(traceback.format_exception_only(type(exc), exc))))
    finally:
        conn.close()


def effective_n_jobs(n_jobs: int | None) -> int:
    """``n_jobs`` as a number of workers: ``None`` is 1, ``-1`` every core, ``-2`` all but one."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    if n_jobs is None:
        return 1
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or n_jobs == 0:
        raise ValueError(f"n_jobs must be a non-zero integer (-1 for every core), got {n_jobs!r}")
    return max(1, cores + 1 + int(n_jobs)) if n_jobs < 0 else int(n_jobs)


def run_budgeted(
    tasks: Sequence[tuple[str, Callable[[], Any]]], deadline: float, n_jobs: int = 1
) -> list[TaskResult]:
    """Run ``tasks`` in order, ``n_jobs`` at a time, each in a forked worker, until ``deadline``.

    ``deadline`` is a ``time.monotonic()`` value. A task still running then is terminated and
    reported with an error; a task not started is reported with ``started=False``. A task that
    raises is reported with its exception's type and message. The values must be picklable.
    Where ``fork`` is not available, tasks run one after the other in this process and the
    deadline is only checked before each starts.
    """
    results = {name: TaskResult(name, started=False, error=NOT_STARTED) for name, _ in tasks}
    if "fork" not in mp.get_all_start_methods():  # pragma: no cover - Windows
        for name, fn in tasks:
            if time.monotonic() >= deadline:
                break
            t0 = time.monotonic()
            try:
                results[name] = TaskResult(name, fn(), time.monotonic() - t0)
            except Exception as exc:
                results[name] = TaskResult(name, None, time.monotonic() - t0, _describe(exc))
        return [results[name] for name, _ in tasks]

    ctx = mp.get_context("fork")
    queue = list(tasks)
    running: dict[Any, tuple[str, Any, float]] = {}
    try:
        while queue or running:
            now = time.monotonic()
            while queue and len(running) < n_jobs and now < deadline:
                name, fn = queue.pop(0)
                parent, child = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_child, args=(fn, child), daemon=True)
                proc.start()
                child.close()
                running[parent] = (name, proc, time.monotonic())
            if not running:
                break
            ready = wait(list(running), timeout=max(0.0, deadline - time.monotonic()))
            if not ready:  # the deadline: stop every worker still running
                for conn, (name, proc, t0) in list(running.items()):
                    proc.kill()
                    proc.join()
                    conn.close()
                    took = time.monotonic() - t0
                    results[name] = TaskResult(
                        name, None, took, f"stopped at the deadline after {took:.1f} s"
                    )
                running.clear()
                break
            for conn in ready:
                name, proc, t0 = running.pop(conn)
                try:
                    status, value = conn.recv()
                except (EOFError, OSError):
                    status, value = "error", None
                took = time.monotonic() - t0
                proc.join()
                conn.close()
                if status == "ok":
                    results[name] = TaskResult(name, value, took)
                else:
                    message = value or f"the worker process died (exit code {proc.exitcode})"
                    results[name] = TaskResult(name, None, took, message)
    finally:
        for conn, (_, proc, _) in running.items():
            proc.kill()
            proc.join()
    return [results[name] for name, _ in tasks]


def leaderboard_frame(
    rows: Iterable[dict[str, Any]], greater_is_better: bool
) -> pd.DataFrame:
    """Every candidate, best first: ``candidate, score, fit_seconds, error, params`` (+ extras).

    Candidates with an error (or no score) come last, in the order they were tried.
    """
    frame = pd.DataFrame(list(rows))
    for col in ("candidate", "score", "fit_seconds", "error", "params"):
        if col not in frame:
            frame[col] = None
    frame["score"] = frame["score"].astype(float)
    failed = frame["error"].notna() | frame["score"].isna()
    key = -frame["score"] if greater_is_better else frame["score"]
    frame["_order"] = np.where(failed, np.inf, key)
    frame["_tried"] = np.arange(len(frame))
    frame = frame.sort_values(["_order", "_tried"], kind="mergesort")
    frame = frame.drop(columns=["_order", "_tried"]).reset_index(drop=True)
    first = ["candidate", "score", "fit_seconds", "error"]
    return frame[first + [c for c in frame.columns if c not in first]]


@dataclass
class SearchSummary:
    """What the search did: seconds spent, candidates finished, stopped and not started."""

    elapsed_seconds: float
    finished: list[str] = field(default_factory=list)
    stopped: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class AutoMLSearch(BaseEstimator):
    """Parameters and helpers shared by the AutoML organisms (a base class, not a component).

    Subclasses build candidates, hand their work to :meth:`_run`, and set ``best_``,
    ``best_name_``, ``leaderboard_`` and ``search_`` (a :class:`SearchSummary`).
    """

    def _start(self) -> float:
        budget = self.budget_seconds
        if isinstance(budget, bool) or not isinstance(budget, (int, float, np.number)) or not (
            np.isfinite(budget) and budget > 0
        ):
            raise ValueError(f"the time budget must be a positive number of seconds, got {budget!r}")
        self._n_workers = effective_n_jobs(self.n_jobs)
        self._t0 = time.monotonic()
        return self._t0 + float(budget) * (1 - RESERVE) - MARGIN_SECONDS

    def _run(
        self, tasks: Sequence[tuple[str, Callable[[], Any]]], deadline: float,
        inline: Iterable[str] = (),
    ) -> list[TaskResult]:
        """Run ``tasks`` until ``deadline``; those named in ``inline`` - linear-time work of a
        few milliseconds, where starting a worker would cost more than the task - run here
        first, each only if the deadline has not passed."""
        inline = set(inline)
        done: dict[str, TaskResult] = {}
        for name, fn in tasks:
            if name not in inline:
                continue
            if time.monotonic() >= deadline:
                done[name] = TaskResult(name, started=False, error=NOT_STARTED)
                continue
            t0 = time.monotonic()
            try:
                done[name] = TaskResult(name, fn(), time.monotonic() - t0)
            except Exception as exc:  # reported as the candidate's error, as a worker's would be
                done[name] = TaskResult(name, None, time.monotonic() - t0, _describe(exc))
        rest = run_budgeted([t for t in tasks if t[0] not in inline], deadline, self._n_workers)
        done.update({r.name: r for r in rest})
        return [done[name] for name, _ in tasks]

    def _summary(self, results: Sequence[TaskResult]) -> SearchSummary:
        return SearchSummary(
            elapsed_seconds=time.monotonic() - self._t0,
            finished=[r.name for r in results if r.error is None],
            stopped=[r.name for r in results if r.started and r.error and "deadline" in r.error],
            skipped=[r.name for r in results if not r.started],
        )

    def _report(self, tracker: Any, metric: str, params: dict[str, Any]) -> None:
        """Log the settings, each candidate's score, the winner and the leaderboard."""
        if tracker is None:
            return
        tracker.log_params({**params, "budget_seconds": self.budget_seconds,
                            "best": self.best_name_})
        for i, row in enumerate(self.leaderboard_.itertuples()):
            if row.error is None and row.score == row.score:
                tracker.log_scalar("automl leaderboard", metric, float(row.score), iteration=i)
        chosen = self.leaderboard_[self.leaderboard_["candidate"] == self.best_name_]
        if len(chosen) and chosen["score"].iloc[0] == chosen["score"].iloc[0]:
            tracker.log_scalar("automl", f"best {metric}", float(chosen["score"].iloc[0]))
        tracker.log_scalar("automl", "elapsed seconds", self.search_.elapsed_seconds)
        tracker.log_artifact("leaderboard", self.leaderboard_.drop(columns=["params"]))


def _component_classes(obj: Any) -> list[type]:
    """The class of ``obj`` and of every estimator among its parameters (wrapped models)."""
    classes = [type(obj)]
    if isinstance(obj, BaseEstimator):
        for value in obj.get_params(deep=False).values():
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, BaseEstimator):
                    classes += _component_classes(item)
    return classes


def component_names(candidates: Iterable[Candidate]) -> dict[str, set[str]]:
    """Each candidate's components: the registry names of the classes its factory makes."""
    from ..registry import all_components  # the registry imports this module's organisms

    by_class = {meta.obj: name for name, meta in all_components().items()}
    return {
        c.name: {by_class[k] for k in _component_classes(c.make()) if k in by_class}
        for c in candidates
    }


def narrow_to_components(
    candidates: Iterable[Candidate], components: Iterable[str]
) -> list[Candidate]:
    """Only the candidates made from one of ``components`` (registry names such as ``theta``).

    How a project searches only the models it was composed from. Raises ``ValueError`` when none is
    left, naming the components the candidates do come from.
    """
    cands = list(candidates)
    wanted = set(components)
    names = component_names(cands)
    kept = [c for c in cands if names[c.name] & wanted]
    if not kept:
        offered = sorted(set().union(*names.values()))
        raise ValueError(
            f"no candidate is built from {', '.join(sorted(wanted)) or 'no component'}; "
            f"the candidates here come from {', '.join(offered) or 'nothing'}"
        )
    return kept
