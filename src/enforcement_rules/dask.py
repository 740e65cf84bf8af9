"""Cases in a Dask DataFrame evaluated partition by partition (needs the ``[dask]`` extra).

    import dask.dataframe as dd
    from enforcement_rules.dask import evaluate_partitions

    cases = dd.read_parquet("cases/*.parquet")             # columns: case_schema(profile)
    verdicts = evaluate_partitions(cases, "PROFILE-NAME-OR-PATH", dt.date(2026, 11, 22))
    verdicts.to_parquet("verdicts/")

Each partition is a pandas DataFrame: it becomes an Arrow table, goes through ``evaluate_table`` (the columnar
plan, the same pure function as on one machine) and comes back as pandas. A ``Profile`` does not pickle, so
the profile travels by name or path and each worker process loads it once (``load_profile`` caches it); a
``Profile`` given here is passed as its file's absolute path. ``line`` is the row number *within its
partition* (``evaluate_table``'s own numbering): use ``case`` (the case id) to join verdicts to cases, or
give the partitions a global row number of your own before evaluating.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._choices import Language
from ._loader import load_profile
from ._profile import Profile
from ._verdicts import verdict_schema

if TYPE_CHECKING:
    from ._calendar import Calendar

__all__ = ["evaluate_partitions"]


def _profile_reference(profile: Profile | str | os.PathLike[str]) -> str:
    if isinstance(profile, Profile):
        if not profile.path:
            raise ValueError("a Profile parsed from text has no file to load in the workers: save it and pass "
                             "its path")
        return str(Path(profile.path).resolve())
    return str(Path(profile).resolve()) if Path(profile).is_file() else str(profile)


def evaluate_partition(frame: Any, profile: str, as_of: dt.date, calendar: Calendar | None,
                       explain: bool, *, language: Language = "zh") -> Any:
    """One pandas partition of cases to a pandas partition of verdicts (``map_partitions``' function)."""
    import pyarrow as pa  # noqa: PLC0415 - the worker imports what it uses

    from ._columnar import case_schema, evaluate_table  # noqa: PLC0415

    loaded = load_profile(profile)
    schema = case_schema(loaded)
    # the case schema's types where the frame has its columns: pandas' objects say nothing of a column that is
    # all null in this partition (an unknown column is evaluate_table's error, named)
    known = [schema.field(name) for name in frame.columns if name in schema.names]
    if len(known) == len(frame.columns):
        table = pa.Table.from_pandas(frame, schema=pa.schema(known), preserve_index=False)
    else:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    verdicts = evaluate_table(loaded, table, as_of=as_of, calendar=calendar, explain=explain, language=language)
    return verdicts.to_pandas()


def verdict_meta(explain: bool = False) -> Any:
    """The empty pandas frame of verdict rows (Dask's ``meta``), from the verdict schema."""
    return verdict_schema(explain).empty_table().to_pandas()


def evaluate_partitions(ddf: Any, profile: Profile | str | os.PathLike[str], as_of: dt.date, *,
                        calendar: Calendar | None = None, explain: bool = False, language: Language = "zh") -> Any:
    """A Dask DataFrame of cases (columns of ``case_schema(profile)``) to a Dask DataFrame of verdict rows,
    one per case, partition by partition (lazy: ``.compute()``, ``.to_parquet()`` …); ``explain``: with the
    explanation column, in ``language``."""
    reference = _profile_reference(profile)
    load_profile(reference)  # a bad name or file fails here, not in every worker
    return ddf.map_partitions(evaluate_partition, reference, as_of, calendar, explain, language=language,
                              meta=verdict_meta(explain),
                              enforce_metadata=False)
