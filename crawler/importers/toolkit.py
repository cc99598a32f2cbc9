"""What every importer needs: the file's bytes and its delimiter (dates: :mod:`backlint.dates`).

- :class:`ByteSource`: the bytes of a file handed to an importer (a path, bytes, a
  file object, a pipe), read again from the start for each pass.
- :func:`sniff_delimiters`: which of ``,``, ``;`` and tab a header line uses.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import IO, BinaryIO

from backlint.errors import ImportFormatError

# --- the bytes ---------------------------------------------------------------------


class ByteSource:
    """The bytes of a file handed to an importer, read from the start for each pass.

    A path is opened for each pass, bytes are read from memory, and a file object that
    can seek is rewound to where it stood when it was handed over. A stream that cannot
    seek (a pipe, an upload) keeps what the first look at its start read
    (:meth:`look`, :meth:`head`) and hands it out again, ahead of the rest, in the one
    full pass (:meth:`chunks`, :meth:`open`) it allows. The caller's file is never
    closed.

    Example:
        >>> source = ByteSource(b"author,content\\nAnn,Hi\\n", reader="read_labelled_csv",
        ...                     read_once="this CSV can be read once")
        >>> source.head(6), b"".join(source.chunks(4)), source.rewindable
        (b'author', b'author,content\\nAnn,Hi\\n', True)

    Args:
        source: a path, the file's bytes, or a file opened in binary mode (read from
            its current position).
        reader: the function the file was handed to, for the messages of a wrong type.
        read_once: the message when a stream that cannot seek is read a second time.
        read_once_error: the exception raised then.
        report_unreadable: a path that cannot be opened raises
            :class:`~backlint.errors.ImportFormatError` (``cannot read <path>: <why>``)
            rather than the :class:`OSError` itself.

    Raises:
        TypeError: ``source`` is a file opened in text mode, or no path, bytes or file.
    """

    def __init__(self, source: str | os.PathLike[str] | bytes | BinaryIO, *, reader: str, read_once: str,
                 read_once_error: type[Exception] = ValueError, report_unreadable: bool = True) -> None:
        self.path: str | None = None
        self._data: bytes | None = None
        self._stream: BinaryIO | None = None
        self._start: int | None = None  # where a stream that can seek stood
        self._read_once = read_once
        self._read_once_error = read_once_error
        self._report_unreadable = report_unreadable
        self._kept: list[bytes] = []  # what a look read from a stream that cannot seek
        self._passes = 0
        if isinstance(source, (bytes, bytearray, memoryview)):
            self._data = bytes(source)
        elif isinstance(source, (str, os.PathLike)):
            self.path = os.fspath(source)
        elif isinstance(source, io.TextIOBase):
            raise TypeError(f"{reader} needs a binary file: open it with 'rb'")
        elif hasattr(source, "read"):
            self._stream = source
            try:
                if getattr(source, "seekable", lambda: False)():
                    self._start = source.tell()
            except (OSError, ValueError):
                self._start = None
        else:
            raise TypeError(f"{reader} needs a path, bytes or a binary file, not {type(source).__name__}")

    @property
    def rewindable(self) -> bool:
        """Whether every pass can start from the beginning (not a stream that cannot seek)."""
        return self._stream is None or self._start is not None

    def look(self, size: int) -> Iterator[bytes]:
        """Yield the bytes from the start in chunks of at most ``size``, to recognise the file.

        Stop whenever enough was seen; a stream that cannot seek keeps what was read,
        for the next look and the full pass.
        """
        if self.rewindable:
            yield from self.chunks(size)
            return
        assert self._stream is not None
        yield from self._kept
        while chunk := self._stream.read(size):
            self._kept.append(chunk)
            yield chunk

    def head(self, size: int) -> bytes:
        """Return the first ``size`` bytes (fewer when the file is shorter)."""
        if self.rewindable:
            with self.open() as stream:
                return read_exactly(stream, size)
        parts: list[bytes] = []
        left = size
        for chunk in self.look(size):
            parts.append(chunk)
            left -= len(chunk)
            if left <= 0:
                break
        return b"".join(parts)[:size]

    def chunks(self, size: int) -> Iterator[bytes]:
        """Yield one full pass over the bytes in chunks of at most ``size``.

        Raises:
            ImportFormatError: the path cannot be read (with ``report_unreadable``).
            Exception: ``read_once_error`` for a second pass over a stream that cannot seek.
        """
        if self._data is not None:
            for start in range(0, len(self._data), size):
                yield self._data[start:start + size]
            return
        if self.path is not None:
            with self._open_path() as handle:
                yield from _read_chunks(handle, size)
            return
        assert self._stream is not None
        if self._start is not None:
            self._stream.seek(self._start)
            yield from _read_chunks(self._stream, size)
            return
        yield from self._take_kept()
        yield from _read_chunks(self._stream, size)

    def open(self) -> BinaryIO:
        """Return one full pass as a binary file, for the caller to close.

        Closing it closes a file this opened, never the caller's.

        Raises:
            ImportFormatError: the path cannot be read (with ``report_unreadable``).
            Exception: ``read_once_error`` for a second pass over a stream that cannot seek.
        """
        if self._data is not None:
            return io.BytesIO(self._data)
        if self.path is not None:
            return self._open_path()
        assert self._stream is not None
        if self._start is not None:
            self._stream.seek(self._start)
            return _Borrowed(self._stream)  # type: ignore[return-value]
        return _Borrowed(self._stream, b"".join(self._take_kept()))  # type: ignore[return-value]

    def _take_kept(self) -> list[bytes]:
        self._passes += 1
        if self._passes > 1:
            raise self._read_once_error(self._read_once)
        kept, self._kept = self._kept, []
        return kept

    def _open_path(self) -> BinaryIO:
        assert self.path is not None
        if not self._report_unreadable:
            return open(self.path, "rb")  # noqa: SIM115 - the caller closes it
        try:
            return open(self.path, "rb")  # noqa: SIM115 - the caller closes it
        except OSError as exc:
            raise ImportFormatError(f"cannot read {self.path}: {exc.strerror or exc}") from exc


class _Borrowed(io.RawIOBase):
    """The caller's file, after the bytes already taken from it, read through a wrapper
    whose closing leaves the file open."""

    def __init__(self, inner: BinaryIO, prefix: bytes = b"") -> None:
        super().__init__()
        self._inner = inner
        self._prefix = memoryview(prefix)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return not self._prefix and bool(self._inner.seekable())

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._inner.seek(offset, whence)

    def tell(self) -> int:
        return self._inner.tell()

    def read(self, size: int | None = -1) -> bytes:
        if self._prefix:
            size = len(self._prefix) if size is None or size < 0 else size
            out, self._prefix = bytes(self._prefix[:size]), self._prefix[size:]
            return out
        return self._inner.read(-1 if size is None else size)

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def _read_chunks(handle: BinaryIO, size: int) -> Iterator[bytes]:
    while chunk := handle.read(size):
        yield chunk


def read_exactly(stream: IO[bytes], size: int) -> bytes:
    """Read ``size`` bytes, or up to the end: a pipe hands out what it has at each read.

    Example:
        >>> read_exactly(io.BytesIO(b"abcdef"), 4), read_exactly(io.BytesIO(b"ab"), 4)
        (b'abcd', b'ab')
    """
    parts, left = [], size
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


# --- delimiters ------------------------------------------------------------------------

#: The field delimiters spreadsheets and export tools write.
DELIMITERS = (",", ";", "\t")


def sniff_delimiters(line: str, candidates: tuple[str, ...] = DELIMITERS) -> list[str]:
    """Rank the delimiters a header line uses, the most used first.

    Example:
        >>> sniff_delimiters("a;b;c,d"), sniff_delimiters("a,b;c", ("\\t", ";", ",")), sniff_delimiters("a")
        ([';', ','], [';', ','], [','])

    Args:
        line: the header line.
        candidates: the delimiters to count; on a tie, the one named first wins.

    Returns:
        The delimiters the line holds, most used first; ``[","]`` when it holds none
        (one column: the delimiter does not matter).
    """
    counts = {delimiter: line.count(delimiter) for delimiter in candidates}
    return sorted((d for d in candidates if counts[d]), key=lambda d: -counts[d]) or [","]


__all__ = ["DELIMITERS", "ByteSource", "read_exactly", "sniff_delimiters"]
