"""Batch formats: a JSONL or Parquet file of cases evaluated by the columnar plan, in chunks, on N processes.

The input is cut into chunks — whole JSON lines (~``CHUNK_BYTES``, split at a newline, each with the number
of its first physical line, blank lines counted) or Parquet row groups (read by the worker; a large one is
read here in batches of ``PARQUET_ROWS``), each with the number of its first row — and each chunk is one
call of ``evaluate_jsonl`` / ``evaluate_table``. With more than one worker the chunks go to a spawned
process pool (a worker loads the profile and the calendar once, by name or path: a ``Profile`` does not
pickle); at most ``2 × workers`` chunks are in flight, and the chunks are written in input order, so memory
stays flat however long the input. The worker also encodes its chunk (``encoded``): JSONL or CSV text (lists
and structs as JSON text), or the verdict table for Parquet (one row group per chunk, written here); a file
is written to ``FILE.tmp`` and renamed at the end, so a failed run leaves no partial output.

pyarrow is imported inside the functions: the CLI's cold start does not pay for it.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import datetime as dt
import io
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from ._choices import Language
from ._errors import CaseError, RulesError
from ._limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    import pyarrow as pa

    from ._calendar import Calendar
    from ._profile import Profile

FORMATS = ("jsonl", "parquet", "csv")
CHUNK_BYTES = 16 * 1024 * 1024
"""About how many bytes of JSON lines go to one ``evaluate_jsonl`` call (cut at the next newline)."""
PARQUET_ROWS = 65536
"""Rows per ``evaluate_table`` call from a Parquet file: a row group of up to twice as many is read by the
worker itself (the parent sends its number); a larger one is read by the parent in batches of this many."""


def default_workers() -> int:
    """The cores this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)


@dataclass(frozen=True)
class Job:
    """What a worker needs to evaluate any chunk: everything by value or by name (it crosses processes)."""

    profile: str
    as_of: str
    calendar_files: tuple[str, ...] = ()
    calendar_policy: str = "strict"
    calendar_dir: str | None = None
    limits: Limits = DEFAULT_LIMITS
    explain: bool = False
    language: Language = "zh"
    """the language of the explanation column (with ``explain``)"""
    file: str = "<stdin>"
    fmt: str = "jsonl"


_LOADED: dict[Job, tuple[Profile, Calendar]] = {}


def _loaded(job: Job) -> tuple[Profile, Calendar]:
    """The job's profile and calendar, loaded once per process."""
    if job not in _LOADED:
        from ._calendar import load_calendar  # noqa: PLC0415 - a worker process imports what it uses
        from ._loader import load_profile  # noqa: PLC0415

        _LOADED[job] = (load_profile(job.profile),
                        load_calendar(job.calendar_files, job.calendar_policy, job.calendar_dir))  # type: ignore[arg-type]
    return _LOADED[job]


@dataclass(frozen=True)
class Chunk:
    """One chunk's verdicts as the output wants them, made in the worker: the rows by path, and either the
    encoded text (JSONL, CSV without its header) or the table (Parquet, written in order by the parent)."""

    rows: int
    paths: dict[str, int]
    text: bytes = b""
    table: pa.Table | None = None


def encoded(table: pa.Table, fmt: str) -> Chunk:
    """A verdict table as a ``Chunk`` of ``fmt``: polars writes the text (about ten times faster than a row
    of Python dicts at a time), so the parent only concatenates."""
    import pyarrow.compute as pc  # noqa: PLC0415

    counted = pc.value_counts(table.column("path")).to_pylist()
    paths = {item["values"]: item["counts"] for item in counted}
    if fmt == "parquet":
        return Chunk(table.num_rows, paths, table=table)
    import polars as pl  # noqa: PLC0415

    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    if fmt == "jsonl":
        return Chunk(table.num_rows, paths, text=frame.write_ndjson().encode())
    nested = [name for name, kind in frame.schema.items() if isinstance(kind, pl.List)]
    # a list or struct cell as JSON text: encoded inside a one-field struct, then the field's value cut out
    frame = frame.with_columns(pl.struct(name).struct.json_encode().str.slice(len(name) + 4).str.head(-1).alias(name)
                               for name in nested)
    return Chunk(table.num_rows, paths, text=frame.write_csv(include_header=False).encode())


def evaluate_lines(job: Job, first_line: int, data: bytes) -> Chunk:
    """One chunk of whole JSON lines to its verdicts (the pool's worker function)."""
    from ._columnar import evaluate_jsonl  # noqa: PLC0415 - polars and pyarrow load in the worker

    profile, calendar = _loaded(job)
    return encoded(evaluate_jsonl(profile, data, as_of=dt.date.fromisoformat(job.as_of), calendar=calendar,
                                  file=job.file, first_line=first_line, limits=job.limits, explain=job.explain,
                                  language=job.language),
                   job.fmt)


@dataclass(frozen=True)
class RowGroup:
    """A row group of a Parquet file, read where it is evaluated (decoded cases would cross processes)."""

    path: str
    index: int


def evaluate_rows(job: Job, first_row: int, table: pa.Table | RowGroup) -> Chunk:
    """A table of cases (or a row group to read) to its verdicts, ``line`` counted from ``first_row``."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    from ._columnar import evaluate_table  # noqa: PLC0415

    if isinstance(table, RowGroup):
        try:
            table = pq.ParquetFile(table.path).read_row_group(table.index)
        except (OSError, pa.ArrowException) as exc:
            raise CaseError(f"cannot read the Parquet file: row group {table.index}: {exc}", file=job.file) from None
    profile, calendar = _loaded(job)
    verdicts = evaluate_table(profile, table, as_of=dt.date.fromisoformat(job.as_of), calendar=calendar,
                              limits=job.limits, explain=job.explain, language=job.language)
    index = verdicts.schema.get_field_index("line")
    line = pc.add(verdicts.column(index), pa.scalar(first_row - 1, pa.int64()))
    return encoded(verdicts.set_column(index, verdicts.schema.field(index), line), job.fmt)


# -- reading ---------------------------------------------------------------------------------------------

def line_chunks(stream: BinaryIO, size: int, on_read: Callable[[int], None]) -> Iterator[tuple[int, bytes]]:
    """(first line number, bytes) of whole lines, about ``size`` bytes each; every physical line counted."""
    line = 1
    rest = b""
    while True:
        block = stream.read(size)
        on_read(len(block))
        if not block:
            break
        data = rest + block
        cut = data.rfind(b"\n") + 1
        if cut == 0:  # one line longer than the chunk so far: read on (the evaluator caps its length)
            rest = data
            continue
        chunk, rest = data[:cut], data[cut:]
        yield line, chunk
        line += chunk.count(b"\n")
    if rest:
        yield line, rest


# -- writing ---------------------------------------------------------------------------------------------

class Writer:
    """Chunks out in order: text formats to ``text`` (the CSV header first), Parquet to ``binary``; ``close``
    ends the file (Parquet's footer)."""

    def __init__(self, fmt: str, schema: pa.Schema, *, text: Callable[[bytes], Any],
                 binary: IO[bytes] | None) -> None:
        self.text = text
        self._parquet: Any = None
        if fmt == "parquet":
            import pyarrow as pa  # noqa: PLC0415
            import pyarrow.parquet as pq  # noqa: PLC0415

            # without the Arrow schema in the footer, readers see the dictionary-encoded codes as the strings
            # they are (Parquet dictionary-encodes them anyway; pyarrow cannot read nested dictionaries back
            # across row groups)
            # statistics (min/max for readers' filters) of the plain columns only: those of the nested codes
            # cost a fifth of the writing and filter nothing
            plain = [field.name for field in schema if not pa.types.is_nested(field.type)]
            self._parquet = pq.ParquetWriter(binary, schema, store_schema=False, write_statistics=plain)
        elif fmt == "csv":
            self.text((",".join(schema.names) + "\n").encode())

    def write(self, chunk: Chunk) -> None:
        if self._parquet is not None:
            assert chunk.table is not None
            self._parquet.write_table(chunk.table, row_group_size=max(chunk.rows, 1))
        else:
            self.text(chunk.text)

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()


# -- the run ---------------------------------------------------------------------------------------------

@dataclass
class Tally:
    """Rows by path, and the progress line on a terminal."""

    total_bytes: int | None = None
    show: bool = False
    rows: int = 0
    read: int = 0
    paths: dict[str, int] = field(default_factory=lambda: {"columnar": 0, "scalar": 0, "error": 0})
    started: float = field(default_factory=time.perf_counter)
    _shown: float = 0.0

    def count(self, chunk: Chunk) -> None:
        self.rows += chunk.rows
        for path, rows in chunk.paths.items():
            self.paths[path] = self.paths.get(path, 0) + rows
        if self.show and time.perf_counter() - self._shown > 0.2:
            self._shown = time.perf_counter()
            sys.stderr.write(f"\r{self.progress()}")
            sys.stderr.flush()

    def progress(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        text = f"{self.rows} cases, {self.rows / elapsed:,.0f}/s"
        if self.total_bytes and self.read:
            fraction = min(self.read / self.total_bytes, 1.0)
            eta = elapsed * (1 - fraction) / fraction if fraction else 0.0
            text += f", {fraction:.0%} read, ETA {eta:,.0f}s"
        return text + " " * 4

    def summary(self) -> str:
        return (f"{self.rows} cases: {self.paths.get('columnar', 0)} columnar, {self.paths.get('scalar', 0)} scalar, "
                f"{self.paths.get('error', 0)} errors")


@dataclass(frozen=True)
class Options:
    """The batch command's arguments."""

    source: str
    fmt: str
    output: str | None
    workers: int
    job: Job


def run(options: Options, write_stdout: Callable[[bytes], None]) -> Tally:
    """Evaluate the whole input and write it; the tally says how many rows took which path."""
    if "polars" not in sys.modules:  # --workers N is N cores: one polars thread per worker, this one too
        os.environ.setdefault("POLARS_MAX_THREADS", "1")
    from ._verdicts import verdict_schema  # noqa: PLC0415

    if options.fmt == "parquet" and options.output is None:
        raise _invalid("--format parquet needs --output FILE (Parquet is not written to a terminal or a pipe)")
    parquet_in = options.source != "-" and options.source.lower().endswith(".parquet")
    tally = Tally(show=sys.stderr.isatty())
    with contextlib.ExitStack() as stack:
        if parquet_in:
            chunks, function = _parquet_chunks(options.source, tally), evaluate_rows
        else:
            stream = _open_input(options.source, stack)
            with contextlib.suppress(OSError, ValueError):
                tally.total_bytes = os.fstat(stream.fileno()).st_size or None
            chunks = line_chunks(stream, CHUNK_BYTES, _reader(tally))
            function = evaluate_lines  # type: ignore[assignment]
        schema = verdict_schema(options.job.explain)
        target, finish = _open_output(options.output, stack)
        sink: Callable[[bytes], Any] = write_stdout if target is None else target.write
        writer = Writer(options.fmt, schema, text=sink, binary=target)
        try:
            for chunk in _evaluated(function, options.job, chunks, options.workers):
                tally.count(chunk)
                writer.write(chunk)
            writer.close()
        except BaseException:
            with contextlib.suppress(Exception):
                writer.close()  # Parquet's writer ends its file before the file goes
            finish(ok=False)
            raise
        if not tally.rows:
            finish(ok=False)
            raise CaseError("no cases: the batch is empty (one JSON case per line expected)",
                            file=options.job.file)
        finish(ok=True)
    if tally.show:
        sys.stderr.write(f"\r{tally.progress()}\n")
    return tally


def _invalid(message: str) -> RulesError:
    from ._cli import _ArgumentError  # noqa: PLC0415 - the CLI's own error for a bad argument (exit 2)

    return _ArgumentError(message)


def _reader(tally: Tally) -> Callable[[int], None]:
    def on_read(count: int) -> None:
        tally.read += count
    return on_read


def _open_input(source: str, stack: contextlib.ExitStack) -> BinaryIO:
    name = "<stdin>" if source == "-" else source
    if source == "-":
        stdin = sys.stdin
        if stdin is None or stdin.closed:
            raise CaseError("standard input is closed: pipe the JSONL batch into it", file=name)
        buffer: BinaryIO | None = getattr(stdin, "buffer", None)
        if buffer is None:  # a text stream (tests, embedding): its text, encoded
            return io.BytesIO(stdin.read().encode("utf-8", "surrogatepass"))
        return buffer
    try:
        return stack.enter_context(open(source, "rb"))
    except OSError as exc:
        raise CaseError(f"cannot read file: {exc.strerror or exc}", file=name) from None
    except ValueError:  # a NUL in the name
        raise CaseError("cannot read file: no such file", file=name) from None


def _parquet_chunks(source: str, tally: Tally) -> Iterator[tuple[int, Any]]:
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    try:
        parquet = pq.ParquetFile(source)
    except (OSError, pa.ArrowException) as exc:
        raise CaseError(f"cannot read the Parquet file: {exc}", file=source) from None
    rows = parquet.metadata.num_rows
    tally.total_bytes = rows or None  # progress in rows for Parquet
    first = 1
    for index in range(parquet.metadata.num_row_groups):
        size = parquet.metadata.row_group(index).num_rows
        if size <= 2 * PARQUET_ROWS:
            tally.read += size
            yield first, RowGroup(str(Path(source).resolve()), index)
            first += size
            continue
        for batch in parquet.iter_batches(batch_size=PARQUET_ROWS, row_groups=[index]):
            tally.read += batch.num_rows
            yield first, pa.Table.from_batches([batch])
            first += batch.num_rows


def _open_output(output: str | None,
                 stack: contextlib.ExitStack) -> tuple[IO[bytes] | None, Callable[..., None]]:
    """The file to write (None: stdout) and ``finish(ok)``: renames ``FILE.tmp`` to ``FILE``, or removes it."""
    if output is None:
        def streamed(*, ok: bool) -> None:
            del ok  # what reached stdout stays there
        return None, streamed
    final = Path(output)
    temporary = final.with_name(final.name + ".tmp")
    try:
        handle = stack.enter_context(open(temporary, "wb"))  # noqa: SIM115 - the stack closes it
    except OSError as exc:
        raise _invalid(f"--output: cannot write {output}: {exc.strerror or exc}") from None

    def finish(*, ok: bool) -> None:
        handle.close()
        if ok:
            temporary.replace(final)
        else:
            temporary.unlink(missing_ok=True)
    return handle, finish


def _one_thread() -> None:
    """A worker process uses one core: polars' own thread pool would compete with the other workers."""
    os.environ.setdefault("POLARS_MAX_THREADS", "1")


def _evaluated(function: Callable[[Job, int, Any], Chunk], job: Job, chunks: Iterator[tuple[int, Any]],
               workers: int) -> Iterator[Chunk]:
    """The chunks' verdicts in input order; at most ``2 × workers`` chunks in flight."""
    if workers <= 1:
        for first, data in chunks:
            yield function(job, first, data)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process whose polars threads are running
    pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=context, initializer=_one_thread)
    pending: collections.deque[concurrent.futures.Future[Chunk]] = collections.deque()
    try:
        for first, data in chunks:
            pending.append(pool.submit(function, job, first, data))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
