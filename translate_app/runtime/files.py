"""Writing files so that readers never see half of one.

Every file translate_app produces (catalogs, editions) goes through
:func:`write_atomic`: the data is written to a temporary file next to the
target, flushed to disk, and renamed over the target in one step.  A crash or
an error leaves either the old file or the new one, never a mix, and no stray
temporary file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], data: str | bytes | Iterable[bytes]) -> None:
    """Replace the file at ``path`` with ``data`` atomically (text is written as UTF-8).

    ``data`` may also be runs of bytes written one after the other (a large catalog made
    in parts is not joined into one more copy first).

    Missing parent folders are created.  The temporary file lives in the same
    folder as ``path`` (a rename is only atomic within one file system) and is
    removed if anything goes wrong.  A new file gets the usual permissions
    (``0o666`` minus the umask); an existing file keeps its mode.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    runs: Iterable[bytes]
    if isinstance(data, str):
        runs = [data.encode("utf-8")]
    elif isinstance(data, bytes):
        runs = [data]
    else:
        runs = data
    tmp, fd = _create_temporary(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.writelines(runs)
            handle.flush()
            with contextlib.suppress(FileNotFoundError):
                os.fchmod(handle.fileno(), target.stat().st_mode & 0o7777)
            os.fsync(handle.fileno())
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_folder(target.parent)


def _create_temporary(target: Path) -> tuple[Path, int]:
    """Create an empty, new temporary file next to ``target``; the kernel applies the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            return tmp, os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_input(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file a person named, or a TranslateAppError saying why it cannot be read."""
    from translate_app.errors import TranslateAppError  # noqa: PLC0415 - files.py stays import-light

    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise TranslateAppError(f"{path}: cannot read the file ({exc.strerror})") from exc
