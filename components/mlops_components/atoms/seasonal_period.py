"""Which seasonal period a series has, tested on its own autocorrelation."""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np
import pandas as pd
from statsmodels.tsa.stattools import acf

from ..registry import component

#: The periods worth testing for each sampling frequency: a year of weeks (52.18, rounded), a
#: year of months or quarters, a week of days, a day and a week of hours. Yearly data has none.
PERIODS: dict[str, tuple[int, ...]] = {
    "yearly": (),
    "quarterly": (4,),
    "monthly": (12,),
    "weekly": (52,),
    "daily": (7, 365),
    "hourly": (24, 168),
    "other": (),
}

#: pandas' offset aliases (without a multiple, an anchor such as ``-SUN`` or a business ``B``
#: prefix), by the frequency they sample at.
_ALIASES = {"A": "yearly", "Y": "yearly", "AS": "yearly", "YS": "yearly", "YE": "yearly",
            "Q": "quarterly", "QS": "quarterly", "QE": "quarterly",
            "M": "monthly", "MS": "monthly", "ME": "monthly", "SM": "monthly", "SMS": "monthly",
            "W": "weekly", "D": "daily", "B": "daily", "C": "daily", "H": "hourly",
            "BH": "hourly", "CBH": "hourly"}

#: One-sided 99 % normal quantile: a period is kept only if its autocorrelation clears this many
#: Bartlett standard errors (stricter than M4's 90 %, because several periods may be tried).
Z_99 = 2.326


def frequency_of(y: Any) -> str | None:
    """The frequency name (a key of :data:`PERIODS`) of a series on a regular DatetimeIndex, or
    ``None`` (no such index, a multiple such as every 2 hours, or a frequency finer than hourly)."""
    index = getattr(y, "index", None)
    if isinstance(index, pd.PeriodIndex):
        index = index.to_timestamp()
    if not isinstance(index, pd.DatetimeIndex) or len(index) < 3:
        return None
    alias = index.freqstr or pd.infer_freq(index)
    if not alias:
        return None
    multiple = alias[: len(alias) - len(alias.lstrip("0123456789"))]
    if multiple not in ("", "1"):  # every 2 hours, 15 minutes...: no usual period to test
        return None
    alias = alias.lstrip("0123456789").split("-")[0].upper()
    if alias not in _ALIASES and alias[:1] == "B":  # business month, quarter or year
        alias = alias[1:]
    return _ALIASES.get(alias)


def candidate_periods(frequency: str | None) -> tuple[int, ...]:
    """The periods to test for ``frequency`` (``None``: nothing is known, nothing is tested)."""
    if frequency is None:
        return ()
    if frequency not in PERIODS:
        raise ValueError(
            f"frequency must be one of {', '.join(PERIODS)} (or None), got {frequency!r}")
    return PERIODS[frequency]


def season_strength(y: Any, period: int) -> float:
    """The autocorrelation at lag ``period`` of the series less its trend, in Bartlett standard
    errors (``r_p / sqrt((1 + 2 * sum_{k<p} r_k^2) / n)``, M4's seasonality test); ``nan`` when
    the series holds fewer than three periods.

    The trend is a centred moving average over one period (``2 x period`` when the period is
    even), which a cycle of that period averages out of: what is left is the cycle and the noise.
    Without it, a trend makes every lag look correlated.
    """
    values = np.asarray(y, dtype=float)
    if period < 2 or len(values) < 3 * period:
        return float("nan")
    weights = (np.r_[0.5, np.ones(period - 1), 0.5] if period % 2 == 0
               else np.ones(period)) / period
    trend = np.convolve(values, weights, mode="valid")
    start = (len(values) - len(trend)) // 2
    rest = values[start: start + len(trend)] - trend
    if np.ptp(rest) == 0:
        return float("nan")
    r = acf(rest, nlags=period, fft=True)[1:]
    limit = np.sqrt((1 + 2 * np.sum(r[: period - 1] ** 2)) / len(rest))
    return float(r[period - 1] / limit)


@component(
    name="seasonal-period", tasks=("forecasting",), category="preprocessing"
)
def detect_season(y: Any, candidates: Iterable[int], given: int = 1) -> int:
    """The seasonal period of ``y``: ``given`` unless the data show it is wrong.

    Each candidate period (for instance 52 for weekly data, which M4 gives season 1, or 24 and
    168 for hourly data) is tested on the autocorrelation at that lag of the series less its
    moving-average trend, one-sided at 99 % with Bartlett's standard error. ``given`` is kept
    when it passes, or when no candidate passes (a non-seasonal series keeps season 1);
    otherwise the candidate with the strongest autocorrelation is returned. A period needs three
    full cycles of data to be tested.

    ## When to use
    Before seasonal adjustment or a seasonal model, when the sampling frequency suggests a cycle
    that the given season leaves out (weekly data scored with season 1) or a series whose cycle
    is not the usual one.

    ## Example
    ```python
    import numpy as np
    from mlops_components.atoms.seasonal_period import candidate_periods, detect_season

    t = np.arange(520)
    y = 100 + 0.1 * t + 5 * np.sin(2 * np.pi * t / 52) + np.random.default_rng(0).normal(size=520)
    detect_season(y, candidate_periods("weekly"), given=1)   # 52
    ```
    """
    given = int(given)
    if given > 1 and season_strength(y, given) > Z_99:
        return given
    tested = {int(p): season_strength(y, int(p)) for p in candidates if int(p) > 1}
    passing = {p: z for p, z in tested.items() if z > Z_99}
    return max(passing, key=passing.get) if passing else given
