"""The PySpark recipe of docs/scale-out.md runs as written and answers as evaluate_frame does.

The page's ```python blocks are executed in order in one namespace, on a
``local[1]`` session this module starts; a ```text block right after a
```python block is what that block prints. Skipped where PySpark or a Java
runtime is missing.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import slacalc
from slacalc.errors import TicketTypeError
from slacalc.frame import evaluate_frame, spark_schema

PAGE = Path(__file__).resolve().parent.parent / "docs" / "scale-out.md"
NOW = datetime(2026, 12, 10, 12, tzinfo=UTC)

pyspark = pytest.importorskip("pyspark", reason="PySpark is not installed (the spark extra)")
types = pytest.importorskip("pyspark.sql.types")

# PySpark 4 warns that it does not fully support pandas 3 each time it converts, and
# its toPandas passes pandas a `copy` keyword that pandas 3 deprecates.
pytestmark = [
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]


def page_blocks() -> list[tuple[str, str | None]]:
    """Each ```python block of the page, with the ```text block right after it (if any)."""
    text = PAGE.read_text(encoding="utf-8")
    fences = re.findall(r"^```(python|text)\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    blocks: list[tuple[str, str | None]] = []
    for kind, body in fences:
        if kind == "python":
            blocks.append((body, None))
        elif blocks and blocks[-1][1] is None:
            blocks[-1] = (blocks[-1][0], body)
    return blocks


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    # Spark starts $JAVA_HOME/bin/java when JAVA_HOME is set, else java from PATH.
    home = os.environ.get("JAVA_HOME")
    if not (Path(home, "bin", "java").is_file() if home else shutil.which("java")):
        pytest.skip("PySpark needs a Java runtime: none on PATH and no JAVA_HOME")
    from pyspark.sql import SparkSession  # noqa: PLC0415 - only once Java is known to be there

    # Spark's Python workers must import slacalc: run them on this interpreter.
    saved = {name: os.environ.get(name) for name in ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON")}
    os.environ["PYSPARK_PYTHON"] = os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[1]")
        .appName("slacalc-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module")
def page(spark: Any) -> dict[str, Any]:
    """The page's blocks run in order; what each printed is checked against its text block."""
    namespace: dict[str, Any] = {"__name__": "scale_out_page"}
    for source, shown in page_blocks():
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(source, str(PAGE), "exec"), namespace)  # noqa: S102 - the page's own code
        if shown is not None:
            assert printed.getvalue().rstrip() == shown.rstrip()
    assert namespace["spark"] is spark  # the page's getOrCreate() found this module's session
    return namespace


def test_the_page_has_the_session_the_recipe_and_its_use() -> None:
    blocks = page_blocks()
    assert len(blocks) == 3
    assert "mapInPandas" in blocks[1][0]
    assert blocks[2][1] is not None


def synthetic_tickets(count: int, seed: int = 7) -> pd.DataFrame:
    """Tickets over three weeks, some answered, some resolved, a few bad priorities."""
    rng = np.random.default_rng(seed)
    opened = pd.Timestamp("2026-11-20", tz="UTC") + pd.to_timedelta(
        rng.integers(0, 20 * 24 * 60, count), unit="min"
    )
    responded = opened + pd.to_timedelta(rng.integers(0, 4 * 24 * 60, count), unit="min")
    resolved = responded + pd.to_timedelta(rng.integers(0, 15 * 24 * 60, count), unit="min")
    return pd.DataFrame(
        {
            "id": np.arange(count, dtype=np.int64),
            "opened_at": opened,
            "priority": rng.choice(["1", "P2", "P3", "cosmetic", "P9", ""], count),
            "responded_at": pd.Series(responded).where(rng.random(count) < 0.7),
            "resolved_at": pd.Series(resolved).where(rng.random(count) < 0.5),
        }
    )


def canonical(frame: pd.DataFrame) -> dict[str, list[Any]]:
    """Cells as plain values, instants in UTC without a zone, missing values as None.

    Spark gives back its timestamps as naive UTC times (the session zone),
    strings for categoricals, objects or floats for nullable booleans and
    integers; the values, not those types, are what must agree.
    """
    values: dict[str, list[Any]] = {}
    for name, given in frame.items():
        column = given
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            column = column.dt.tz_convert("UTC").dt.tz_localize(None)
        cells = column.astype(object).tolist()
        values[str(name)] = [None if pd.isna(cell) else cell for cell in cells]
    return values


def test_the_page_prints_the_table_it_shows(page: dict[str, Any]) -> None:
    # The fixture compared the printed table; here, what its rows mean. T-1
    # (P1, 2 business hours) opened Fri 17:00: one hour that day, one on Monday,
    # due Mon 30 Nov 10:00, answered at 10:15 after 2 h 15 min of business time.
    # P9 matches no tier, so that row has only an error.
    found = page["results"].toPandas().sort_values("id", ignore_index=True)
    assert found["response_due"][0] == pd.Timestamp("2026-11-30 10:00")  # UTC, the session zone
    assert found["response_elapsed"][0] == pd.Timedelta(hours=2, minutes=15)
    assert found["error"][2].startswith("priority 'P9' matches no tier")


def test_mapinpandas_answers_as_evaluate_frame_does(spark: Any, page: dict[str, Any]) -> None:
    tickets = synthetic_tickets(300)
    results = page["evaluate_spark"](spark.createDataFrame(tickets), now=NOW)
    found = results.toPandas().sort_values("id", ignore_index=True)
    expected = evaluate_frame(tickets, now=NOW)
    assert list(found.columns) == list(expected.columns)
    assert canonical(found) == canonical(expected)
    assert expected["error"].notna().any()  # the bad priorities are there
    assert set(expected["resolution_state"].dropna()) >= {"met", "breached", "pending"}


def test_now_is_read_once_on_the_driver_for_every_batch(spark: Any, page: dict[str, Any]) -> None:
    # Open around the clock, so the business time counted for an unanswered
    # ticket is now minus its opening, and now = opened_at + elapsed exactly.
    always = slacalc.load_policy({
        "name": "Always open", "version": "1",
        "calendar": {"timezone": "UTC", "hours": {"daily": "00:00-24:00"}},
        "tiers": [{"priority": 1, "key": "P1", "name": "Only",
                   "response": "1000 business hours", "resolution": "none: never"}],
    })  # fmt: skip
    opened = pd.Timestamp("2026-01-01", tz="UTC") + pd.to_timedelta(np.arange(40), unit="h")
    tickets = spark.createDataFrame(pd.DataFrame({"opened_at": opened, "priority": "1"}))
    before = datetime.now(UTC)
    results = page["evaluate_spark"](tickets.repartition(4), policy=always)
    after = datetime.now(UTC)
    found = results.toPandas()
    nows = (found["opened_at"] + found["response_elapsed"]).unique()  # naive UTC
    assert len(nows) == 1
    assert before.replace(tzinfo=None) <= nows[0] <= after.replace(tzinfo=None)


def test_spark_schema_follows_evaluate_frame_and_keeps_the_id_type() -> None:
    tickets = types.StructType(
        [
            types.StructField("id", types.StringType()),
            types.StructField("opened_at", types.TimestampType()),
            types.StructField("priority", types.StringType()),
        ]
    )
    schema = spark_schema(tickets)
    empty = pd.DataFrame({"id": [], "opened_at": [], "priority": []}, dtype=object)
    assert schema.names == list(evaluate_frame(empty, now=NOW).columns)
    assert schema["id"].dataType == types.StringType()
    assert schema["response_due"].dataType == types.TimestampType()
    assert schema["response_elapsed"].dataType == types.DayTimeIntervalType()
    assert schema["response_fraction_used"].dataType == types.DoubleType()
    assert schema["response_breached"].dataType == types.BooleanType()
    assert schema["breached_cycles"].dataType == types.LongType()
    assert schema["response_state"].dataType == types.StringType()
    assert all(field.nullable for field in schema.fields)


def test_spark_schema_without_an_id_column_has_none() -> None:
    tickets = types.StructType([types.StructField("opened_at", types.TimestampType())])
    assert "id" not in spark_schema(tickets).names
    assert spark_schema(tickets).names[0] == "priority"


def test_spark_schema_names_a_renamed_id_column() -> None:
    tickets = types.StructType([types.StructField("ticket", types.LongType())])
    assert spark_schema(tickets, id="ticket")["ticket"].dataType == types.LongType()


def test_spark_schema_refuses_a_frame_and_says_to_pass_its_schema() -> None:
    with pytest.raises(TicketTypeError, match=r"StructType.*spark_frame\.schema"):
        spark_schema(pd.DataFrame())
