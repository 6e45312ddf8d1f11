"""The translation pipeline: every string of the code translated, domain messages following
the language, a broken catalog never crashing the program, and the formatting helpers."""

from __future__ import annotations

import gettext
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import desktop.i18n as i18n
from desktop.domain.calendar import WorkingCalendar
from desktop.domain.rules import DelegationFacts, RuleConfig, evaluate_delegation
from desktop.domain.validation import enum_label, parse_date, validate_delegation
from desktop.i18n import (
    _,
    country_name,
    current_language,
    format_document_date,
    format_money,
    language_name,
    placeholders,
    set_language,
)

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "resources" / "locale" / "en" / "LC_MESSAGES" / "doingoai.po"
BIN = Path(sys.executable).parent


def _read(path: Path):
    with path.open("rb") as fh:
        return read_po(fh, locale="en")


def _forms(value) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The message catalog template extracted from the code right now, as `make po` does."""
    pot = tmp_path_factory.mktemp("pot") / "doingoai.pot"
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "update_catalog.sh"), "--pot-only", str(pot)],
        check=True,
        capture_output=True,
        env={**os.environ, "PYBABEL": str(BIN / "pybabel"), "PYTHON": sys.executable},
    )
    return _read(pot)


# ---------------------------------------------------------------- (a) catalog completeness


def test_every_message_of_the_code_has_an_english_translation(extracted):
    catalog = _read(CATALOG)
    missing = []
    for message in extracted:
        if not message.id:
            continue
        entry = catalog.get(message.id)
        if entry is None or entry.fuzzy or not all(_forms(entry.string)):
            missing.append(_forms(message.id)[0])
    assert missing == [], f"run `make po`, then translate in {CATALOG.name}: {missing}"


def test_translations_keep_the_placeholders_of_their_message_id():
    wrong = []
    for message in _read(CATALOG):
        wanted = set().union(*(placeholders(i) or set() for i in _forms(message.id)))
        for text in _forms(message.string):
            if message.id and not message.fuzzy and text and placeholders(text) != wanted:
                wrong.append((_forms(message.id)[0], text))
    assert wrong == []


def test_the_catalog_extracts_domain_and_ui_strings(extracted):
    ids = {_forms(m.id)[0] for m in extracted}
    assert "Đoàn “{title}”" in ids  # tr() in desktop/domain/rules.py
    assert "Thời hạn gửi hồ sơ xin phép đoàn ra" in ids  # N_() rule title
    assert "Đã hủy" in ids  # N_() enum label
    assert "Tổng quan" in ids  # UI
    assert "status" not in ids  # a dictionary key inside _(...) is not a message


# ---------------------------------------------------------------- (b) language switching


def _late_outbound_request() -> DelegationFacts:
    """An outbound draft starting 02/03/2026 whose R1 deadline (26/01/2026) has passed."""
    return DelegationFacts(
        id="d-1",
        direction="outbound",
        kind="promotion",
        title="Xúc tiến cà phê tại Hàn Quốc",
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 8),
        status="draft",
        in_annual_plan=True,
    )


def _r1(today: date = date(2026, 2, 2)):
    found = evaluate_delegation(
        _late_outbound_request(), RuleConfig.defaults(), WorkingCalendar(), today
    )
    return next(f for f in found if f.rule == "R1")


def test_findings_follow_the_language():
    set_language("en")
    finding = _r1()
    assert finding.message == (
        "Delegation “Xúc tiến cà phê tại Hàn Quốc”: the request deadline has passed "
        "(26/01/2026, 20 working days before 02/03/2026); a request filed now is late."
    )
    assert finding.source.startswith("Đắk Lắk procedure NV-CPRD-01")

    set_language("vi")
    finding = _r1()
    assert finding.message == (
        "Đoàn “Xúc tiến cà phê tại Hàn Quốc”: đã quá hạn nộp hồ sơ xin phép "
        "(26/01/2026, 20 ngày làm việc trước ngày 02/03/2026); hồ sơ nộp bây giờ là nộp muộn."
    )
    assert finding.source.startswith("Thủ tục NV-CPRD-01")


def test_english_plurals_follow_the_count():
    set_language("en")
    one_left = _r1(today=date(2026, 1, 23)).message  # Friday; Monday 26/01 is the deadline
    assert "1 working day left to file the request" in one_left
    two_left = _r1(today=date(2026, 1, 22)).message
    assert "2 working days left" in two_left


def test_validation_and_enum_labels_follow_the_language():
    set_language("en")
    problems = {p.field: p.message for p in validate_delegation({"direction": "outbound"})}
    assert problems["title"] == "Enter the delegation name."
    assert problems["start_date"] == "Enter the start date."
    assert problems["kind"] == "Choose the type."
    assert problems["end_date"] == "Enter the end date."
    typed = {p.field: p.message for p in validate_delegation({"start_date": "x"})}
    assert typed["start_date"] == "Start date is not valid: x"
    assert enum_label("status", "cancelled") == "Cancelled"
    with pytest.raises(ValueError, match="month 2 of 2026 has no day 30"):
        parse_date("30/02/2026")
    set_language("vi")
    assert enum_label("status", "cancelled") == "Đã hủy"
    with pytest.raises(ValueError, match="tháng 2 năm 2026 không có ngày 30"):
        parse_date("30/02/2026")


def test_ui_terms_and_countries_follow_the_language():
    set_language("en")
    assert current_language() == "en"
    assert [_(t) for t in ("Tổng quan", "Đoàn ra", "Đoàn vào", "Cán bộ", "Cài đặt")] == [
        "Overview",
        "Outbound delegations",
        "Inbound delegations",
        "Officers",
        "Settings",
    ]
    assert country_name("KR") == "South Korea"
    assert _("") == ""  # not the catalog header
    set_language("vi")
    assert _("Tổng quan") == "Tổng quan"
    assert country_name("KR") == "Hàn Quốc"


def test_language_names():
    assert language_name("vi") == "Tiếng Việt"
    assert language_name("en") == "English"
    assert language_name("fr") == "français"
    assert language_name("not a language") == "not a language"


# ---------------------------------------------------------------- robustness


def _use_catalog(monkeypatch, tmp_path: Path, text: str) -> Path:
    po = tmp_path / "en" / "LC_MESSAGES" / "doingoai.po"
    po.parent.mkdir(parents=True)
    po.write_text(text, encoding="utf-8")
    monkeypatch.setattr(i18n, "catalog_path", lambda lang: po)
    return po


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_a_broken_catalog_falls_back_to_vietnamese_with_a_warning(monkeypatch, tmp_path, capsys):
    _use_catalog(monkeypatch, tmp_path, HEADER + 'msgid "Tổng quan"\nmsgstr "Overview\n')
    set_language("en")
    assert current_language() == "vi"
    assert _("Tổng quan") == "Tổng quan"
    assert _r1().message.startswith("Đoàn “")
    assert "using Vietnamese" in capsys.readouterr().err


def test_a_missing_catalog_falls_back_to_vietnamese(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(i18n, "catalog_path", lambda lang: tmp_path / "none.po")
    set_language("en")
    assert current_language() == "vi"
    assert "using Vietnamese" in capsys.readouterr().err


def test_a_damaged_compiled_catalog_is_rebuilt(monkeypatch, tmp_path):
    po = _use_catalog(monkeypatch, tmp_path, HEADER + 'msgid "Tổng quan"\nmsgstr "Overview"\n')
    po.with_suffix(".mo").write_bytes(b"not a catalog")  # newer than the .po
    set_language("en")
    assert _("Tổng quan") == "Overview"


def test_a_translation_with_wrong_placeholders_is_ignored(monkeypatch, tmp_path, capsys):
    _use_catalog(
        monkeypatch,
        tmp_path,
        HEADER + 'msgid "Đoàn “{title}”"\nmsgstr "Delegation {name}"\n\n'
        'msgid "Tổng quan"\nmsgstr "Overview"\n',
    )
    set_language("en")
    assert _("Tổng quan") == "Overview"
    assert _r1().message.startswith("Đoàn “Xúc tiến")  # not a KeyError in .format()
    assert "placeholders differ" in capsys.readouterr().err


# ---------------------------------------------------------------- (c) formatting


def test_money_and_document_dates():
    assert format_money(1250000) == "1.250.000\xa0₫"
    assert format_money(None) == ""
    assert format_document_date(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"


# ---------------------------------------------------------------- (d) compilation


def test_the_catalog_compiles_with_pybabel(tmp_path):
    mo = tmp_path / "doingoai.mo"
    result = subprocess.run(
        [str(BIN / "pybabel"), "compile", "-i", str(CATALOG), "-o", str(mo), "-l", "en"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower()
    with mo.open("rb") as fh:
        assert gettext.GNUTranslations(fh).gettext("Cài đặt") == "Settings"


def test_the_catalog_passes_the_strict_syntax_check():
    i18n.check_po_syntax(CATALOG.read_text(encoding="utf-8"))
