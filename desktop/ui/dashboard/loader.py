"""Run one service call on the thread pool and deliver its result on the UI thread."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.errors import AppError
from desktop.i18n import _


class _Relay(QObject):
    """Carries the result back: its signals are delivered in the thread that made it (the UI)."""

    done = Signal(int, object)
    failed = Signal(int, str)


class _Job(QRunnable):
    def __init__(self, relay: _Relay, ticket: int, call: Callable[[], Any]):
        super().__init__()
        self.relay, self.ticket, self.call = relay, ticket, call

    def run(self) -> None:
        try:
            result = self.call()
        except AppError as exc:
            self.relay.failed.emit(self.ticket, str(exc))
            return
        except Exception as exc:  # a bug must still end the spinner, with something to report
            traceback.print_exc()
            self.relay.failed.emit(self.ticket, _("Lỗi không mong đợi: {error}. Hãy báo cho bộ phận hỗ trợ.")
                                   .format(error=f"{type(exc).__name__}: {exc}"))
            return
        self.relay.done.emit(self.ticket, result)


class BackgroundCall(QObject):
    """Calls `call()` off the UI thread; only the newest request's answer is delivered.

    `finished(result)` or `failed(message)` arrive on the UI thread.
    """

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, call: Callable[[], Any], parent: QObject | None = None):
        super().__init__(parent)
        self._call = call
        self._ticket = 0
        self._answered = 0
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)
        self._relay.failed.connect(self._failed)

    def start(self) -> None:
        """Ask again; an answer to an older request is dropped."""
        self._ticket += 1
        QThreadPool.globalInstance().start(_Job(self._relay, self._ticket, self._call))

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
