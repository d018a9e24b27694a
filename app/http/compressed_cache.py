"""Compressed bytes kept on disk between processes.

Brotli at quality 11 is most of a server's start (0.6 s of about 1 s): every process of a
deployment, every restart, and each of the test suite's hundreds of servers squeezes the same
files. The cache is keyed by the body's hash and the coding. A cached file is used only if it
decompresses to exactly the body (anyone able to write the folder could have put it there), so a
bad or stale file costs one compression, never a wrong answer. Where the folder cannot be written
(a read-only image), nothing is kept and nothing fails.

The folder: IVDD_CACHE_DIR, else $XDG_CACHE_HOME/ivdd-pt, else ~/.cache/ivdd-pt.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from pathlib import Path

import brotli

DECOMPRESS = {"br": brotli.decompress, "gzip": gzip.decompress}
KEEP = 400  # files: about ten builds' worth


def cache_dir() -> Path:
    if configured := os.environ.get("IVDD_CACHE_DIR"):
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ivdd-pt"


def _path(coding: str, body: bytes) -> Path:
    return cache_dir() / "compressed" / f"{hashlib.sha256(body).hexdigest()}.{coding}"


def read(coding: str, body: bytes) -> bytes | None:
    try:
        squeezed = _path(coding, body).read_bytes()
        return squeezed if DECOMPRESS[coding](squeezed) == body else None
    except Exception:  # missing, unreadable, or not what it claims to be: compress again
        return None


def write(coding: str, body: bytes, squeezed: bytes) -> None:
    path = _path(coding, body)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as file:
            file.write(squeezed)
        os.replace(file.name, path)  # whole or not at all, whatever other processes do meanwhile
        _prune(path.parent)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    """Each build adds its files: past KEEP, the oldest go (a new deployment's come back at once)."""
    files = sorted(folder.iterdir(), key=lambda path: path.stat().st_mtime)
    for old in files[:max(0, len(files) - KEEP)]:
        old.unlink(missing_ok=True)
