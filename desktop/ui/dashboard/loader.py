"""Run one service call on the thread pool and deliver its result on the UI thread."""

from __future__ import annotations

import itertools
import logging
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from desktop.errors import AppError, Stopped
from desktop.i18n import _

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries every answer back to the UI thread, for every BackgroundCall.

    One relay for the program's lifetime: a worker must never emit on an object the UI thread may
    delete meanwhile (a page closed while its call runs gave "Signal source has been deleted" in
    the worker). The relay hands each answer to its BackgroundCall if that still exists.
    """

    done = Signal(int, int, object)  # call key, ticket, result
    failed = Signal(int, int, str)

    def __init__(self) -> None:
        super().__init__()
        self.calls: weakref.WeakValueDictionary[int, BackgroundCall] = weakref.WeakValueDictionary()
        self.done.connect(self._deliver_done, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._deliver_failed, Qt.ConnectionType.QueuedConnection)

    def _live(self, key: int) -> BackgroundCall | None:
        call = self.calls.get(key)
        return call if call is not None and shiboken6.isValid(call) else None

    @Slot(int, int, object)
    def _deliver_done(self, key: int, ticket: int, result: Any) -> None:
        call = self._live(key)
        if call is not None:
            call._done(ticket, result)

    @Slot(int, int, str)
    def _deliver_failed(self, key: int, ticket: int, message: str) -> None:
        call = self._live(key)
        if call is not None:
            call._failed(ticket, message)


_RELAY: _Relay | None = None
_KEYS = itertools.count(1)


def _relay() -> _Relay:
    """The relay, made on the UI thread at the first call and kept until the program ends."""
    global _RELAY
    if _RELAY is None:
        _RELAY = _Relay()
    return _RELAY


class _Job(QRunnable):
    def __init__(self, relay: _Relay, key: int, ticket: int, call: Callable[[], Any]):
        super().__init__()
        self.relay, self.key, self.ticket, self.call = relay, key, ticket, call

    def run(self) -> None:
        try:
            result = self.call()
        except Stopped:  # the officer pressed Dừng: the page has dropped this answer already
            log.debug("background call stopped")
            return
        except AppError as exc:
            self.relay.failed.emit(self.key, self.ticket, str(exc))
            return
        except Exception as exc:  # a bug must still end the spinner, with something to report
            log.exception("Lỗi không mong đợi khi chạy nền")
            self.relay.failed.emit(self.key, self.ticket, _("Lỗi không mong đợi: {error}. Hãy báo cho bộ phận hỗ trợ.")
                                   .format(error=f"{type(exc).__name__}: {exc}"))
            return
        self.relay.done.emit(self.key, self.ticket, result)


class BackgroundCall(QObject):
    """Calls `call()` off the UI thread; only the newest request's answer is delivered.

    `finished(result)` or `failed(message)` arrive on the UI thread; nothing arrives once this
    object is deleted (its page closed).
    """

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, call: Callable[[], Any], parent: QObject | None = None):
        super().__init__(parent)
        self._call = call
        self._ticket = 0
        self._answered = 0
        self._key = next(_KEYS)
        _relay().calls[self._key] = self

    def start(self) -> None:
        """Ask again; an answer to an older request is dropped."""
        self._ticket += 1
        QThreadPool.globalInstance().start(_Job(_relay(), self._key, self._ticket, self._call))

    def cancel(self) -> None:
        """Stop waiting: the answer of the call in progress is dropped when it comes."""
        self._ticket += 1
        self._answered = self._ticket

    def busy(self) -> bool:
        """Whether an answer is still awaited."""
        return self._ticket != self._answered

    def _done(self, ticket: int, result: Any) -> None:
        if ticket == self._ticket:
            self._answered = ticket
            self.finished.emit(result)

    def _failed(self, ticket: int, message: str) -> None:
        if ticket == self._ticket:
            self._answered = ticket
            self.failed.emit(message)


def wait_for_background_work(timeout_ms: int = 30000) -> bool:
    """Let running service calls finish (before the services are closed)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
