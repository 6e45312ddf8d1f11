"""Long sync work (export, import, ack) off the UI thread, with a progress dialog and a "Dừng" button.

The service reports progress through a callback `progress(done, total)` from the worker thread; the callback
raises `Cancelled` once the officer pressed "Dừng", so the service stops where it is and rolls back.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.errors import AppError, Stopped
from desktop.i18n import _
from desktop.sync.errors import BundleRefused


class Cancelled(Stopped):
    """The officer pressed "Dừng": raised inside the service's progress callback."""


class _Relay(QObject):
    """Its signals are delivered in the thread that made it: the UI thread."""

    done = Signal(object)
    failed = Signal(str)
    stopped = Signal()


class _Run(QRunnable):
    def __init__(self, relay: _Relay, call: Callable[[], Any]):
        super().__init__()
        self.relay, self.call = relay, call

    def run(self) -> None:
        try:
            result = self.call()
        except Cancelled:
            self.relay.stopped.emit()
        except BundleRefused as exc:
            self.relay.failed.emit(exc.report())
        except AppError as exc:
            self.relay.failed.emit(str(exc))
        except OSError as exc:  # the USB stick was pulled out, the folder is read-only…
            self.relay.failed.emit(_("Không đọc/ghi được tệp: {error}").format(error=exc.strerror or exc))
        except Exception as exc:  # a bug must still close the progress dialog, with something to report
            traceback.print_exc()
            self.relay.failed.emit(_("Lỗi không mong đợi: {error}. Hãy báo cho bộ phận hỗ trợ.")
                                   .format(error=f"{type(exc).__name__}: {exc}"))
        else:
            self.relay.done.emit(result)


class SyncJob(QObject):
    """Runs `call(progress)` on the thread pool; `finished(result)` or `failed(message)` on the UI thread.

    `cancelled()` is emitted instead when the officer stopped the work.
    """

    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget, title: str, text: str, call: Callable[[Callable[[int, int], None]], Any],
                 cancellable: bool = True):
        super().__init__(parent)
        self._stop = threading.Event()
        self._state = (0, 0)
        self._text = text
        self.dialog = QProgressDialog(text, _("Dừng") if cancellable else "", 0, 0, parent)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self._stop.set)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._show)
        self._work = call
        self._running = False
        self._relay = _Relay(self)
        self._relay.done.connect(self._finished)
        self._relay.failed.connect(self._failed)
        self._relay.stopped.connect(self._stopped)

    def start(self) -> SyncJob:
        """Begin the work; the progress dialog appears if it lasts more than a moment."""
        self._running = True
        self._timer.start(100)
        QThreadPool.globalInstance().start(_Run(self._relay, lambda: self._work(self._progress)))
        return self

    def busy(self) -> bool:
        """Whether the work is still running."""
        return self._running

    def stop(self) -> None:
        """What "Dừng" does (tests call it directly)."""
        self._stop.set()

    def _progress(self, done: int, total: int) -> None:
        """Called by the service on the worker thread."""
        if self._stop.is_set():
            raise Cancelled
        self._state = (done, total)

    def _show(self) -> None:
        done, total = self._state
        if total:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
            self.dialog.setLabelText(_("{text} ({done}/{total})").format(text=self._text, done=done, total=total))

    def _close(self) -> None:
        self._running = False
        self._timer.stop()
        self.dialog.canceled.disconnect(self._stop.set)  # closing the dialog would count as "Dừng"
        self.dialog.close()

    def _finished(self, result: Any) -> None:
        self._close()
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        self._close()
        self.failed.emit(message)

    def _stopped(self) -> None:
        self._close()
        self.cancelled.emit()
