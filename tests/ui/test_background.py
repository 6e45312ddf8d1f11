"""Background calls always answer: a result, a readable error, or an unexpected one."""

from __future__ import annotations

from desktop.errors import AppError
from desktop.ui.dashboard.loader import BackgroundCall


def _run(qtbot, call):
    answers = []
    job = BackgroundCall(call)
    job.finished.connect(lambda result: answers.append(("ok", result)))
    job.failed.connect(lambda message: answers.append(("failed", message)))
    job.start()
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    return answers[0]


def test_a_result_arrives(qtbot):
    assert _run(qtbot, lambda: 42) == ("ok", 42)


def test_an_application_error_arrives_as_its_message(qtbot):
    def fail():
        raise AppError("Không tìm thấy đoàn.")

    assert _run(qtbot, fail) == ("failed", "Không tìm thấy đoàn.")


def test_an_unexpected_error_still_ends_the_wait(qtbot, capsys):
    def crash():
        raise KeyError("members")

    kind, message = _run(qtbot, crash)
    assert kind == "failed" and "KeyError" in message and "Lỗi không mong đợi" in message


def test_an_answer_for_an_owner_deleted_meanwhile_is_dropped_quietly(qtbot):
    """The page that asked may be gone when the answer comes (a window closed, a test ending):
    the worker must not emit on a deleted object ("Signal source has been deleted")."""
    import threading

    import shiboken6
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QWidget

    from desktop.ui.dashboard.loader import wait_for_background_work

    release = threading.Event()
    answers: list = []
    for outcome in ("ok", "error"):
        owner = QWidget()
        job = BackgroundCall(lambda outcome=outcome: release.wait(5) and (1 if outcome == "ok" else 1 / 0), owner)
        job.finished.connect(answers.append)
        job.failed.connect(answers.append)
        job.start()
        shiboken6.delete(owner)  # deletes the BackgroundCall with it, while its call still runs
        release.set()
        assert wait_for_background_work(5000)
        qtbot.wait(50)  # let any queued answer arrive
        release.clear()
    assert answers == []
    assert QThreadPool.globalInstance().activeThreadCount() == 0
