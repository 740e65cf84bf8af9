"""``enforcement_rules.dask.evaluate_partitions`` on a local Dask cluster of two worker processes.

The verdicts computed partition by partition on the cluster must be the rows ``evaluate_table`` gives for the
whole table in this process, in the same order, field by field. ``line`` is compared apart: it is the row
number within each partition (``evaluate_table``'s numbering), so it restarts at 1 in every partition.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from enforcement_rules import case_schema, evaluate_table, load_profile
from enforcement_rules._verdicts import verdict_schema
from enforcement_rules.dask import evaluate_partitions
from generated_cases import as_of, cases

distributed = pytest.importorskip("distributed")
dd = pytest.importorskip("dask.dataframe")

PROFILE = "weihai"
PARTS = 3
ROWS = 100  # per partition: 300 cases


def without_line(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in row.items() if key != "line"} for row in rows]


def test_partitions_on_a_cluster_give_the_rows_of_one_process(tmp_path: Path) -> None:
    profile = load_profile(PROFILE)
    table = pa.Table.from_pylist(cases(PROFILE, PARTS * ROWS, "dask"), schema=case_schema(profile))
    for part in range(PARTS):
        pq.write_table(table.slice(part * ROWS, ROWS), tmp_path / f"part-{part}.parquet")
    expected = evaluate_table(profile, table, as_of=as_of(PROFILE)).to_pylist()

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) \
            as cluster, distributed.Client(cluster):
        ddf = dd.read_parquet(str(tmp_path / "part-*.parquet"))
        assert ddf.npartitions == PARTS
        computed = evaluate_partitions(ddf, PROFILE, as_of(PROFILE)).compute()
        english = evaluate_partitions(ddf.partitions[0], PROFILE, as_of(PROFILE), explain=True,
                                      language="en").compute()

    first = evaluate_table(profile, table.slice(0, ROWS), as_of=as_of(PROFILE), explain=True, language="en")
    assert list(english["explanation"].map(list)) == first.column("explanation").to_pylist()
    assert any("Under " in sentence for explanation in english["explanation"] for sentence in explanation)

    got = pa.Table.from_pandas(computed, schema=verdict_schema(), preserve_index=False).to_pylist()
    assert len(got) == len(expected) == PARTS * ROWS
    assert without_line(got) == without_line(expected)
    assert [row["line"] for row in got] == [*range(1, ROWS + 1)] * PARTS  # numbered within each partition
    assert {row["path"] for row in got} <= {"columnar", "scalar"}
