"""Public time series that neither the library's development sets nor the bench bundle include.

Only what this machine has offline: the data sets bundled with Debian's statsmodels and, when the
machine's local package store keeps it, the vega_datasets wheel (its bundled CSV files, read from
the wheel without installing it). Each loader returns a list of
``{id, train, test, horizon, season}`` - the format of the bench bundle's M4 files - split with the
M4 horizon and seasonal period of the data's frequency. Like M4's, every series is positive:
columns with values below zero (inflation, real interest, log price ratios, changes) are left out,
because sMAPE is not meaningful there. Missing values (co2) are interpolated linearly.

There is no unseen labelled data for the other two tasks on this machine: no UCR/UEA-style set
besides the development and bench ones, and no labelled anomaly series besides NAB's.
"""

from __future__ import annotations

import io
import os
import warnings
import zipfile
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

#: M4's horizon and the seasonal period it uses, per frequency.
M4_FREQUENCIES = {"yearly": (6, 1), "quarterly": (8, 4), "monthly": (18, 12),
                  "weekly": (13, 1), "daily": (14, 1), "hourly": (48, 24)}

#: Where a machine's local package store may keep the vega_datasets wheel
#: (``VEGA_DATASETS_WHEEL`` overrides).
VEGA_WHEELS = ("/opt/pypi/files/vega_datasets-0.9.0-py3-none-any.whl",
               "/opt/wheels/vega_datasets-0.9.0-py3-none-any.whl")


def _split(name: str, columns: dict[str, np.ndarray], frequency: str) -> list[dict]:
    horizon, season = M4_FREQUENCIES[frequency]
    out = []
    for key, values in columns.items():
        y = np.asarray(values, dtype=float)
        if not np.isfinite(y).all() or (y < 0).any() or len(y) < 2 * horizon + 3:
            continue
        out.append({"id": f"{name}:{key}", "train": y[:-horizon].tolist(),
                    "test": y[-horizon:].tolist(), "horizon": horizon, "season": season})
    return out


def _statsmodels(name: str) -> pd.DataFrame:
    import statsmodels.api as sm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(sm.datasets, name).load_pandas().data


def _columns(frame: pd.DataFrame, drop: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    return {c: frame[c].to_numpy(float) for c in frame.columns if c not in drop}


def fertility() -> list[dict]:
    """World Bank fertility rate per country, yearly 1960-2011 (countries with every year)."""
    frame = _statsmodels("fertility")
    years = [c for c in frame.columns if c.isdigit() and frame[c].notna().any()]
    return _split("fertility", {row["Country Code"]: row[years].to_numpy(float)
                                for _, row in frame.iterrows()}, "yearly")


def grunfeld() -> list[dict]:
    """Grunfeld's investment data: investment, value and capital of 11 US firms, 1935-1954."""
    frame = _statsmodels("grunfeld")
    cols = {}
    for firm, part in frame.sort_values("year").groupby("firm"):
        for c in ("invest", "value", "capital"):
            cols[f"{firm}:{c}"] = part[c].to_numpy(float)
    return _split("grunfeld", cols, "yearly")


def longley() -> list[dict]:
    """Longley's US macroeconomic series, yearly 1947-1962."""
    return _split("longley", _columns(_statsmodels("longley"), ("YEAR",)), "yearly")


def copper() -> list[dict]:
    """World copper market, yearly 1951-1975."""
    return _split("copper", _columns(_statsmodels("copper"), ("TIME",)), "yearly")


def nile() -> list[dict]:
    """Yearly volume of the Nile at Aswan, 1871-1970."""
    return _split("nile", {"volume": _statsmodels("nile")["volume"].to_numpy(float)}, "yearly")


def sunspots() -> list[dict]:
    """Yearly sunspot numbers, 1700-2008."""
    frame = _statsmodels("sunspots")
    return _split("sunspots", {"activity": frame["SUNACTIVITY"].to_numpy(float)}, "yearly")


def macrodata() -> list[dict]:
    """US macroeconomic series, quarterly 1959-2009 (inflation and real interest left out)."""
    frame = _statsmodels("macrodata")
    return _split("macrodata", _columns(frame, ("year", "quarter", "infl", "realint")),
                  "quarterly")


def danish_data() -> list[dict]:
    """Danish money demand data (Johansen and Juselius), quarterly 1974-1987."""
    return _split("danish_data", _columns(_statsmodels("danish_data")), "quarterly")


def interest_inflation() -> list[dict]:
    """German interest rate, quarterly 1972-1998 (the inflation differences are left out)."""
    return _split("interest_inflation", {"R": _statsmodels("interest_inflation")["R"].to_numpy(
        float)}, "quarterly")


def elnino() -> list[dict]:
    """Monthly sea surface temperature in the El Nino region, 1950-2010, as one series."""
    frame = _statsmodels("elnino")
    return _split("elnino", {"sst": frame.drop(columns="YEAR").to_numpy(float).ravel()},
                  "monthly")


def co2() -> list[dict]:
    """Weekly atmospheric CO2 at Mauna Loa, 1958-2001 (missing weeks interpolated)."""
    series = _statsmodels("co2")["co2"].interpolate(limit_direction="both")
    return _split("co2", {"co2": series.to_numpy(float)}, "weekly")


def vega_wheel() -> Path | None:
    """The vega_datasets wheel in this machine's local package store, if there is one."""
    for path in filter(None, (os.environ.get("VEGA_DATASETS_WHEEL"), *VEGA_WHEELS)):
        if Path(path).is_file():
            return Path(path)
    return None


def _vega(file: str) -> pd.DataFrame:
    wheel = vega_wheel()
    if wheel is None:
        raise FileNotFoundError("the vega_datasets wheel is not on this machine")
    with zipfile.ZipFile(wheel) as z:
        return pd.read_csv(io.BytesIO(z.read(f"vega_datasets/_data/{file}")))


def vega_stocks() -> list[dict]:
    """Monthly closing prices of five technology stocks, 2000-2010 (vega_datasets)."""
    frame = _vega("stocks.csv")
    return _split("stocks", {s: part["price"].to_numpy(float)
                             for s, part in frame.groupby("symbol", sort=True)}, "monthly")


def vega_employment() -> list[dict]:
    """US employment by industry, monthly 2006-2015 (vega_datasets; the change column is left
    out)."""
    return _split("us-employment", _columns(_vega("us-employment.csv"),
                                            ("month", "nonfarm_change")), "monthly")


def vega_hourly_temperatures() -> list[dict]:
    """Hourly temperatures (F) in Seattle and San Francisco, 2010 (vega_datasets)."""
    return _split("temps", {city: _vega(f"{city}-temps.csv")["temp"].to_numpy(float)
                            for city in ("seattle", "sf")}, "hourly")


def vega_iowa_electricity() -> list[dict]:
    """Iowa's net electricity generation per source, yearly 2001-2017 (vega_datasets)."""
    frame = _vega("iowa-electricity.csv")
    return _split("iowa-electricity", {s: part["net_generation"].to_numpy(float)
                                       for s, part in frame.groupby("source")}, "yearly")


#: key -> (loader, frequency, source)
UNSEEN: dict[str, tuple[Callable[[], list[dict]], str, str]] = {
    "fertility": (fertility, "yearly", "statsmodels"),
    "grunfeld": (grunfeld, "yearly", "statsmodels"),
    "longley": (longley, "yearly", "statsmodels"),
    "copper": (copper, "yearly", "statsmodels"),
    "nile": (nile, "yearly", "statsmodels"),
    "sunspots": (sunspots, "yearly", "statsmodels"),
    "iowa-electricity": (vega_iowa_electricity, "yearly", "vega_datasets"),
    "macrodata": (macrodata, "quarterly", "statsmodels"),
    "danish_data": (danish_data, "quarterly", "statsmodels"),
    "interest_inflation": (interest_inflation, "quarterly", "statsmodels"),
    "elnino": (elnino, "monthly", "statsmodels"),
    "stocks": (vega_stocks, "monthly", "vega_datasets"),
    "us-employment": (vega_employment, "monthly", "vega_datasets"),
    "co2": (co2, "weekly", "statsmodels"),
    "temps": (vega_hourly_temperatures, "hourly", "vega_datasets"),
}

#: Tasks with no unseen public data on this machine, and why.
NO_UNSEEN_DATA = {
    "classification": "no UCR/UEA-style labelled set on this machine besides the development "
                      "sets (GunPoint, ItalyPowerDemand) and the 8 bench sets; statsmodels, "
                      "scikit-learn and scipy bundle none that is a time-series classification",
    "anomaly": "no labelled anomaly series on this machine besides the development and bench NAB "
               "series; the bundled series carry no anomaly labels",
}
