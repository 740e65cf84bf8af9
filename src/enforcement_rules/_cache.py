"""The on-disk cache (issue 10, cold start): values that are slow to build and depend only on file contents.

A value is stored under a key that hashes everything it was built from: the contents of its input files, and
the code that built it (every module of this package, the Python and pydantic versions). A changed input is
a different key, so a stale value is never read; there is no expiry to get wrong. Each file holds the SHA-256
of its payload: a truncated or corrupt file is ignored and rebuilt, never an error. When the directory cannot
be written (a read-only home, a sandbox), nothing is cached and everything still works.

The directory: ``$ENFORCEMENT_RULES_CACHE_DIR``, else the user cache directory (``platformdirs``; e.g.
``~/.cache/enforcement-rules`` on Linux). Deleting it is always safe. A file is read only when the current
user owns it and the directory is not writable by others (POSIX), since a pickle can run code.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

CACHE_DIR_ENV = "ENFORCEMENT_RULES_CACHE_DIR"
_MAGIC = b"enforcement-rules cache 1\n"
_DIGEST = hashlib.sha256().digest_size
KEEP = 16
"""Files kept per kind of value: the oldest beyond these are removed when one is stored."""


def cache_dir() -> Path:
    """``$ENFORCEMENT_RULES_CACHE_DIR``, else the user cache directory."""
    from_env = os.environ.get(CACHE_DIR_ENV)
    if from_env:
        return Path(from_env)
    return _user_cache_dir()


@functools.cache
def _user_cache_dir() -> Path:
    import platformdirs  # noqa: PLC0415 - only when no directory is given

    return Path(platformdirs.user_cache_dir("enforcement-rules", appauthor=False))


@functools.cache
def code_stamp() -> bytes:
    """A digest of the code that builds cached values: this package's modules, Python's and pydantic's versions.

    (An edited checkout or another release is another key: an old value is never read by new code.)"""
    import pydantic  # noqa: PLC0415 - already loaded by whoever caches a model

    digest = hashlib.sha256(f"{sys.version}\0{pydantic.VERSION}\0".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.digest()


def key_of(kind: str, parts: Iterable[bytes | str], *, code: bool = True) -> str:
    """The file name of a value of ``kind`` built from ``parts`` (and, unless ``code`` is false, the code stamp:
    ``parts`` then name everything the value depends on)."""
    digest = hashlib.sha256(code_stamp() if code else b"")
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return f"{kind}-{digest.hexdigest()[:40]}.pickle"


def load(name: str) -> Any | None:
    """The value stored as ``name``, or ``None`` (absent, unreadable, corrupt, or not safely ours)."""
    try:
        path = cache_dir() / name
        with path.open("rb") as handle:
            if not _trusted(handle.fileno(), path.parent):
                return None
            data = handle.read()
    except (OSError, ValueError):
        return None
    head = len(_MAGIC) + _DIGEST
    if not data.startswith(_MAGIC) or hashlib.sha256(data[head:]).digest() != data[len(_MAGIC):head]:
        return None
    try:
        return pickle.loads(data[head:])  # our own file, checked above
    except Exception:  # a payload that does not load (it should not happen): rebuilt
        return None


def store(name: str, value: Any) -> None:
    """Store ``value`` as ``name`` (atomically); silently nothing if it cannot be pickled or written."""
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a value that does not pickle is simply not cached
        return
    import tempfile  # noqa: PLC0415 - only when something is stored (cold start)

    directory = cache_dir()
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".tmp-", delete=False) as handle:
            temporary = handle.name
            handle.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, directory / name)
    except (OSError, ValueError):
        with contextlib.suppress(NameError, OSError):
            os.unlink(temporary)
        return
    _prune(directory, name.split("-", 1)[0])


def _trusted(fd: int, directory: Path) -> bool:
    """Our own file in a directory only we may write (POSIX): a pickle from anyone else could run code."""
    if os.name != "posix":
        return True
    info = os.fstat(fd)
    where = directory.stat()
    uid = os.getuid()
    return info.st_uid == uid and where.st_uid == uid and not where.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _prune(directory: Path, kind: str) -> None:
    """Keep the ``KEEP`` newest files of one kind (an upgrade or an edited profile leaves old keys behind)."""
    with contextlib.suppress(OSError):
        files = sorted(directory.glob(f"{kind}-*.pickle"), key=lambda path: path.stat().st_mtime_ns)
        for path in files[:-KEEP]:
            path.unlink()
