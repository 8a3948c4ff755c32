"""Seasonal-period detection on synthetic series whose period is known, and on series with none."""

import numpy as np
import pandas as pd
import pytest

from mlops_components.atoms.seasonal_period import (
    candidate_periods,
    detect_season,
    frequency_of,
    season_strength,
)


def cycle(n: int, period: float, amplitude: float = 5.0, seed: int = 0, trend: float = 0.1):
    t = np.arange(n)
    noise = np.random.default_rng(seed).normal(size=n)
    return 100 + trend * t + amplitude * np.sin(2 * np.pi * t / period) + noise


@pytest.mark.parametrize("period, frequency, n", [
    (52.18, "weekly", 520),  # a year of weeks is not a whole number of weeks
    (12, "monthly", 120),
    (4, "quarterly", 60),
    (7, "daily", 200),
])
def test_a_known_period_missing_from_the_given_season_is_found(period, frequency, n):
    y = cycle(n, period)
    assert detect_season(y, candidate_periods(frequency), given=1) == round(period)


def test_hourly_data_with_only_a_weekly_cycle_gets_168_instead_of_24():
    t = np.arange(24 * 7 * 8)
    weekday = (t // 24) % 7
    y = 50 + np.where(weekday >= 5, -8.0, 0.0) + np.random.default_rng(1).normal(size=len(t))
    assert detect_season(y, candidate_periods("hourly"), given=24) == 168


def test_a_given_season_the_data_confirm_is_kept():
    t = np.arange(24 * 7 * 8)
    daily_and_weekly = 50 + 10 * np.sin(2 * np.pi * t / 24) + 3 * np.sin(2 * np.pi * t / 168)
    y = daily_and_weekly + np.random.default_rng(2).normal(size=len(t))
    assert detect_season(y, candidate_periods("hourly"), given=24) == 24


@pytest.mark.parametrize("kind", ["random walk", "trend and noise", "AR(1)"])
def test_series_with_no_season_keep_season_1_nearly_always(kind):
    rng = np.random.default_rng(3)
    false_seasons = 0
    for _ in range(200):
        e = rng.normal(size=400)
        if kind == "random walk":
            y = 100 + np.cumsum(e)
        elif kind == "trend and noise":
            y = 100 + 0.2 * np.arange(400) + 3 * e
        else:
            y = np.zeros(400)
            for i in range(1, 400):
                y[i] = 0.8 * y[i - 1] + e[i]
        false_seasons += detect_season(y, candidate_periods("weekly"), given=1) != 1
    # tested one-sided at 99 %: about 1 % of the series may show a season by chance
    assert false_seasons <= 6


def test_fewer_than_three_cycles_are_not_enough_to_claim_a_season():
    y = cycle(150, 52)
    assert np.isnan(season_strength(y, 52))
    assert detect_season(y, candidate_periods("weekly"), given=1) == 1


def test_the_frequency_is_read_from_a_datetime_index():
    def series(freq):
        return pd.Series(np.arange(10.0), index=pd.date_range("2020-01-06", periods=10, freq=freq))

    assert frequency_of(series("W-MON")) == "weekly"
    assert frequency_of(series("H")) == "hourly"
    assert frequency_of(series("MS")) == "monthly"
    assert frequency_of(series("QS")) == "quarterly"
    assert frequency_of(series("D")) == "daily"
    assert frequency_of(series("BM")) == "monthly"  # business month ends
    assert frequency_of(series("2H")) is None  # a multiple has no usual period
    assert frequency_of(series("T")) is None  # finer than hourly
    assert frequency_of(pd.Series(np.arange(10.0))) is None
    assert candidate_periods(None) == () and candidate_periods("yearly") == ()


def test_an_unknown_frequency_is_one_clear_sentence():
    with pytest.raises(ValueError, match="frequency must be one of yearly, quarterly"):
        candidate_periods("fortnightly")
