"""Atomic report writing: the whole file or nothing, and an old report survives a failure."""

from __future__ import annotations

import os
import stat

import pytest

from tqcheck.errors import TqcheckError
from tqcheck.output import OutputError, write_atomic


def test_writes_new_file_with_normal_permissions(tmp_path):
    path = write_atomic(tmp_path / "report.json", "{\"a\": \"é\"}\n")
    assert path.read_text(encoding="utf-8") == "{\"a\": \"é\"}\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_replaces_existing_file_and_keeps_its_mode(tmp_path):
    path = tmp_path / "report.xml"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, "new")
    assert path.read_text() == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_missing_folder_is_a_one_line_error(tmp_path):
    with pytest.raises(OutputError, match="does not exist") as info:
        write_atomic(tmp_path / "nope" / "r.json", "x")
    assert isinstance(info.value, TqcheckError)
    assert "\n" not in str(info.value)


def test_directory_as_output_is_refused(tmp_path):
    with pytest.raises(OutputError, match="is a directory"):
        write_atomic(tmp_path, "x")


def test_failure_while_writing_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "report.json"
    path.write_text("previous report")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(path, "new report")
    assert path.read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_unencodable_text_leaves_nothing(tmp_path):
    path = tmp_path / "r.txt"
    with pytest.raises(UnicodeEncodeError):
        write_atomic(path, "é", encoding="ascii")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_folder_is_a_one_line_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="cannot write"):
            write_atomic(folder / "r.json", "x")
    finally:
        folder.chmod(0o700)
