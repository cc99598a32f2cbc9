"""The crawl's one writer thread.

During a crawl every write goes through one :class:`Writer` thread, which batches
them into transactions; everything else opens a :class:`~backlint.store.Store` and
reads.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from backlint.errors import StoreError
from backlint.store.store import Store


class Writer:
    """The one thread that writes to the store during a crawl.

    Callers hand it work with :meth:`submit` (a function of a :class:`Store`); it runs
    the queued calls in order and commits them in batches, so the crawl loop never
    waits on the disk. :meth:`flush` waits until everything submitted is written.

    Example:
        >>> with Writer(":memory:") as writer:
        ...     site = writer.call(lambda s: s.ensure_site("https://b.example/"))
        >>> site
        1
    """

    BATCH = 500

    def __init__(self, path: str) -> None:
        self.path = str(path)
        self._jobs: queue.Queue[tuple[Callable[[Store], Any], Future] | None] = queue.Queue()
        self._error: BaseException | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="backlint-store-writer", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error:
            raise self._error

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, fn: Callable[[Store], Any]) -> Future:
        """Queue ``fn(store)``; return a future of its result."""
        if self._error is not None:
            raise StoreError(f"the store writer stopped: {self._error}")
        future: Future = Future()
        self._jobs.put((fn, future))
        return future

    def call(self, fn: Callable[[Store], Any]) -> Any:
        """Run ``fn(store)`` on the writer thread, wait for it, return its result."""
        return self.submit(fn).result()

    def flush(self) -> None:
        """Wait until every submitted write is committed."""
        self.call(lambda store: None)

    def close(self) -> None:
        """Write what is queued, then stop the thread."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()
        if self._error is not None:
            raise StoreError(f"the store writer stopped: {self._error}")

    def _run(self) -> None:
        try:
            store = Store(self.path)
        except BaseException as exc:  # reported by __init__
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        stop = False
        try:
            while not stop:
                batch = [self._jobs.get()]
                while len(batch) < self.BATCH:
                    try:
                        batch.append(self._jobs.get_nowait())
                    except queue.Empty:
                        break
                done: list[tuple[Future, Any]] = []
                store.conn.execute("BEGIN")
                for job in batch:
                    if job is None:
                        stop = True
                        continue
                    fn, future = job
                    # A savepoint per job: one failing write is undone alone and its error
                    # goes to its caller; the rest of the batch is kept.
                    store.conn.execute("SAVEPOINT job")
                    try:
                        done.append((future, fn(store)))
                    except Exception as exc:
                        store.conn.execute("ROLLBACK TO job")
                        future.set_exception(exc)
                    store.conn.execute("RELEASE job")
                store.commit()
                for future, value in done:
                    future.set_result(value)
        except BaseException as exc:
            self._error = exc
        finally:
            store.close()


__all__ = ["Writer"]
