"""scenegraph.base.files: the one atomic write and lock the users file, the assessment archive, drafts and the
session key share."""

from __future__ import annotations

import threading

import pytest

from scenegraph.base.files import file_lock, write_atomic


def test_write_replaces_whole_and_private_files_are_owner_only(tmp_path):
    path = tmp_path / "sub" / "users.json"
    write_atomic(path, "first", private=True)
    assert path.read_text() == "first" and path.stat().st_mode & 0o777 == 0o600
    write_atomic(path, "second", private=True)
    assert path.read_text() == "second" and path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["users.json"]  # no temporary file left behind


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "assessments.json"
    write_atomic(path, "old")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(path, "half \udc80 written")  # a lone surrogate cannot be written: fails mid-write
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assessments.json"]


def test_the_lock_serialises_read_modify_write(tmp_path):
    path = tmp_path / "counter.txt"
    write_atomic(path, "0")

    def bump() -> None:
        for _ in range(25):
            with file_lock(path):
                write_atomic(path, str(int(path.read_text()) + 1))

    workers = [threading.Thread(target=bump) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert path.read_text() == "100"
