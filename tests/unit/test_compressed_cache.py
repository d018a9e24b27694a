"""Compressed bytes shared between processes on disk (app/http/compressed_cache.py): used only
when they decompress to exactly the body, and never a reason to fail."""

from __future__ import annotations

import brotli

from app.http import compressed_cache
from app.http.precomputed import compressed

BODY = b"<p>A gentle stroke from hip to foot.</p>" * 200


def test_a_second_process_finds_the_compressed_bytes_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("IVDD_CACHE_DIR", str(tmp_path))
    body = BODY + b"first"
    squeezed = compressed("br", body)
    assert brotli.decompress(squeezed) == body
    assert compressed_cache.read("br", body) == squeezed  # what another process reads
    assert len(list((tmp_path / "compressed").iterdir())) == 1


def test_a_cached_file_that_is_not_the_body_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("IVDD_CACHE_DIR", str(tmp_path))
    body = BODY + b"second"
    compressed_cache.write("br", body, brotli.compress(b"something else entirely"))
    assert compressed_cache.read("br", body) is None
    compressed_cache.write("gzip", body, b"not gzip at all")
    assert compressed_cache.read("gzip", body) is None
    assert brotli.decompress(compressed("br", body)) == body  # compressed again, and right


def test_a_folder_that_cannot_be_written_costs_a_compression_only(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv("IVDD_CACHE_DIR", str(blocked))
    body = BODY + b"third"
    assert brotli.decompress(compressed("br", body)) == body
    assert compressed_cache.read("br", body) is None


def test_the_oldest_files_go_past_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("IVDD_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(compressed_cache, "KEEP", 3)
    for number in range(5):
        compressed_cache.write("gzip", BODY + str(number).encode(), b"x")
    assert len(list((tmp_path / "compressed").iterdir())) == 3
