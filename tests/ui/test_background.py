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
