"""A year of support tickets in a notebook: evaluated, summarised, compared and charted.

Cells are marked ``# %%`` (Jupyter, VS Code and Jupytext open them as a notebook).
"""

# %% [markdown]
# # A year of support tickets, analysed
#
# A synthetic but realistic year of tickets on the built-in policy: which breached,
# what share met the SLA per priority and month, and what the same year would have
# looked like on Europe/London hours. Runs as a script (`python
# examples/analyst_notebook.py`) and cell by cell in Jupyter; the charts are saved to
# the directory named by `SLACALC_CHARTS` (a temporary one when unset). Needs the
# `pandas` and `plot` extras.

# %%
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

import slacalc
from slacalc.frame import evaluate_frame
from slacalc.plot import compliance_over_time, response_distribution
from slacalc.report import compare, compliance

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 12)
NOW = pd.Timestamp("2027-01-04T09:00:00Z")  # the first Monday after the year

# %% [markdown]
# ## A synthetic year
#
# Tickets arrive mostly on weekdays in office hours, some in the evening and at
# weekends; P1 is rare, P3 and P4 common. Responses take a few minutes to a couple of
# days, resolutions up to a few weeks; the last weeks' tickets are partly still open.
# A few P3 tickets wait for the customer (a pause), a few are escalated to P1.


# %%
def synthetic_year(count: int, seed: int = 2026) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tickets opened in 2026 and their events (pauses, escalations)."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2026-01-01", "2026-12-31", freq="D", tz="UTC")
    weekday = days.day_of_week < 5
    weight = np.where(weekday, 6.0, 1.0)
    day = rng.choice(len(days), count, p=weight / weight.sum())
    in_hours = rng.random(count) < 0.85
    hour = np.where(in_hours, rng.uniform(9, 18, count), rng.uniform(0, 24, count))
    opened = days[day] + pd.to_timedelta(np.round(hour * 3600), unit="s")
    tier = rng.choice(4, count, p=[0.03, 0.12, 0.45, 0.40])
    priority = np.array(["P1", "P2", "P3", "P4"])[tier]
    # Typical hours to respond and to resolve per tier, spread log-normally around them.
    response_hours = np.array([0.6, 1.0, 5.0, 10.0])[tier] * rng.lognormal(0, 0.8, count)
    resolution_hours = np.array([3.0, 80.0, 60.0, 150.0])[tier] * rng.lognormal(0, 0.7, count)
    responded = opened + pd.to_timedelta(np.round(response_hours * 3600), unit="s")
    resolved = responded + pd.to_timedelta(np.round(resolution_hours * 3600), unit="s")
    responded = responded.where(responded <= NOW)
    resolved = resolved.where((resolved <= NOW) & (rng.random(count) < 0.97))
    tickets = pd.DataFrame(
        {
            "id": [f"T-{number:05d}" for number in range(count)],
            "opened_at": opened.astype("datetime64[us, UTC]"),
            "priority": priority,
            "responded_at": responded.astype("datetime64[us, UTC]"),
            "resolved_at": resolved.astype("datetime64[us, UTC]"),
        }
    )
    waiting = tickets[(tickets["priority"] == "P3") & tickets["resolved_at"].notna()].sample(
        frac=0.1, random_state=seed
    )
    paused = waiting["responded_at"] + pd.Timedelta(hours=1)
    resumed = paused + pd.to_timedelta(rng.uniform(1, 72, len(waiting)).round(), unit="h")
    keep = resumed < waiting["resolved_at"]
    waiting, paused, resumed = waiting[keep], paused[keep], resumed[keep]
    escalated = tickets[(tickets["priority"] == "P3") & tickets["responded_at"].notna()]
    escalated = escalated.drop(waiting.index, errors="ignore").sample(frac=0.02, random_state=seed)
    events = pd.concat(
        [
            pd.DataFrame({"id": waiting["id"], "type": "paused", "at": paused, "to": None}),
            pd.DataFrame({"id": waiting["id"], "type": "resumed", "at": resumed, "to": None}),
            pd.DataFrame(
                {
                    "id": escalated["id"],
                    "type": "priority_changed",
                    "at": escalated["opened_at"] + pd.Timedelta(minutes=30),
                    "to": "P1",
                }
            ),
        ],
        ignore_index=True,
    )
    return tickets, events


tickets, events = synthetic_year(int(os.environ.get("SLACALC_TICKETS", "20000")))
print(f"{len(tickets):,} tickets, {len(events):,} events")
print(tickets.head(3).to_string())

# %% [markdown]
# ## Every ticket evaluated
#
# One call: each row's due times, states, elapsed business time, and whether it is
# paused, under the built-in policy (09:00-18:00 GMT, England's bank holidays).

# %%
result = evaluate_frame(tickets, events=events, now=NOW)
print(result[["id", "priority", "response_due", "response_state", "resolution_state"]].head())
breached = result[result["response_breached"] | result["resolution_breached"]]
print(f"\n{len(breached):,} tickets breached a target ({len(breached) / len(result):.1%})")

# %% [markdown]
# ## Compliance per priority, and per priority and month

# %%
by_priority = compliance(result, by=["priority"])
shares = ["rows", "response_met_share", "response_median", "resolution_met_share"]
print(by_priority.frame[["priority", *shares, "resolution_median"]].to_string())
by_month = compliance(result, by=["priority", "month"])
print(by_month.frame[["priority", "month", *shares]].head(6).to_string())

# %% [markdown]
# ## What if the desk kept London hours?
#
# 09:00-18:00 in Europe/London is 08:00-17:00 GMT in summer: tickets opened early on
# summer mornings are answered sooner, those of the late afternoon later.

# %%
policy = slacalc.default_policy()
london_data = policy.to_dict()
london_data["calendar"]["timezone"] = "Europe/London"
london = slacalc.load_policy(london_data)
comparison = compare(tickets, policy, london, now=NOW, names=("GMT", "London"), events=events)
print(comparison.frame[["priority", "response_met_share_GMT", "response_met_share_London"]])
print(f"\n{len(comparison.changed):,} tickets change state; the first few:")
print(
    comparison.changed[
        [
            "id",
            "opened_at",
            "response_due_GMT",
            "response_due_London",
            "response_state_GMT",
            "response_state_London",
        ]
    ]
    .head()
    .to_string()
)

# %% [markdown]
# ## Charts

# %%
charts = Path(os.environ.get("SLACALC_CHARTS") or tempfile.mkdtemp(prefix="slacalc-charts-"))
charts.mkdir(parents=True, exist_ok=True)
compliance_over_time(result, period="month", target="resolution").savefig(
    charts / "compliance_over_time.png", dpi=100
)
response_distribution(result, policy=policy).savefig(charts / "response_distribution.png", dpi=100)
print(f"\ncharts saved in {charts}: compliance_over_time.png, response_distribution.png")
