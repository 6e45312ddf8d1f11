"""PrintService: what is missing, writing files atomically, which forms apply, settings, templates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pypdf
import pytest

from desktop.errors import AppError, ValidationError
from desktop.services.printing import FORMS, PrintError, PrintSettings
from tests.printing.conftest import SIGNER
from tests.printing.pdf import text
from tests.services.builders import guest, inbound, officer, outbound

# --- missing -------------------------------------------------------------------------------


def test_nothing_missing_for_a_complete_record(printing, outbound_id, inbound_id, returned_id):
    assert printing.printing.missing("delegation-request", outbound_id) == []
    assert printing.printing.missing("member-list", outbound_id) == []
    assert printing.printing.missing("guest-request", inbound_id) == []
    assert printing.printing.missing("trip-report", returned_id) == []


def test_no_members_and_no_signer_are_listed_exactly(services):
    record = services.delegations.save(outbound(), []).id
    assert services.printing.missing("delegation-request", record) == [
        "Chưa có thành viên trong đoàn", "Chưa đặt họ tên người ký (Cài đặt › In ấn)"]


def test_every_gap_of_a_request_is_named(printing):
    head = officer(printing, passport_number=None, passport_expiry=None)
    data = outbound(purpose=None, partner=None, funding="state_budget", cost_estimate_vnd=None)
    record = printing.delegations.save(data, [{"role": "head", "person_id": head}]).id
    assert printing.printing.missing("delegation-request", record) == [
        "Chưa nhập mục đích chuyến đi", "Chưa nhập đối tác / cơ quan mời",
        "Chưa nhập dự toán kinh phí (đoàn đi bằng ngân sách nhà nước)"]
    assert printing.printing.missing("member-list", record) == []  # the passport follows the decision


def test_the_outbound_member_list_prints_before_the_passports_are_issued(printing):
    """Law on Exit and Entry 2019, art. 15: the official passport is issued on the decision."""
    head = officer(printing, passport_number=None, passport_expiry=None)
    other = officer(printing, "Trần Thị Lan")
    record = printing.delegations.save(outbound(), [{"role": "head", "person_id": head},
                                                    {"role": "member", "person_id": other}]).id
    printed = text(printing.printing.render("member-list", record))
    assert "Đề nghị cấp" in printed and "C7654321" in printed
    assert printed.count("Đề nghị cấp") == 1


def test_guest_request_needs_each_guests_passport_and_nationality(printing):
    guests = [guest(), guest("Lee Seo-yeon", guest_passport=None, guest_nationality=None)]
    record = printing.delegations.save(inbound(purpose="Biểu diễn"), guests).id
    assert printing.printing.missing("guest-request", record) == [
        "Khách Lee Seo-yeon chưa có quốc tịch", "Thành viên Lee Seo-yeon chưa có số hộ chiếu"]


def test_a_form_for_the_other_direction_is_refused(printing, outbound_id, inbound_id):
    assert printing.printing.missing("guest-request", outbound_id) == [
        "Mẫu «Công văn xin phép đón đoàn vào» chỉ dùng cho đoàn vào"]
    assert printing.printing.missing("delegation-request", inbound_id) == [
        "Mẫu «Tờ trình xin phép cử đoàn ra» chỉ dùng cho đoàn ra"]


def test_trip_report_waits_for_the_return_and_the_results(printing, outbound_id):
    assert printing.printing.missing("trip-report", outbound_id) == [
        "Đoàn chưa về nước (ngày về 20/06/2026): báo cáo được lập sau chuyến công tác",
        "Chưa ghi kết quả chuyến công tác (ô «Ghi chú» của đoàn)"]


def test_render_raises_print_error_listing_the_gaps(services, outbound_id):
    services.printing.save_settings(replace(services.printing.settings(), signer_name="", place=""))
    with pytest.raises(PrintError) as caught:
        services.printing.render("delegation-request", outbound_id)
    assert caught.value.missing == ["Chưa đặt địa danh ghi trên văn bản (Cài đặt › In ấn)",
                                    "Chưa đặt họ tên người ký (Cài đặt › In ấn)"]
    assert "Chưa đặt họ tên người ký (Cài đặt › In ấn)" in str(caught.value)


def test_unknown_form_and_record_are_readable_errors(printing, outbound_id):
    with pytest.raises(AppError, match="Không có mẫu in «visa»"):
        printing.printing.render("visa", outbound_id)
    with pytest.raises(AppError, match="Không tìm thấy đoàn"):
        printing.printing.render("member-list", "no-such-id")


# --- write ---------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path):
    """An empty folder for the PDFs (tmp_path also holds the test database)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def test_write_saves_a_readable_pdf(printing, outbound_id, folder):
    out = printing.printing.write("delegation-request", outbound_id, folder / "to-trinh.pdf")
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) >= 1 and "TỜ TRÌNH" in reader.pages[0].extract_text()
    assert [p.name for p in folder.iterdir()] == ["to-trinh.pdf"]  # no temporary file left


def test_write_leaves_no_file_when_something_is_missing(services, folder):
    record = services.delegations.save(outbound(), []).id
    with pytest.raises(PrintError):
        services.printing.write("delegation-request", record, folder / "x.pdf")
    assert list(folder.iterdir()) == []


def test_write_never_replaces_a_good_file_with_a_broken_one(printing, outbound_id, folder, monkeypatch):
    out = folder / "old.pdf"
    out.write_bytes(b"%PDF-1.4 the previous print")
    monkeypatch.setattr("desktop.services.printing.os.fsync", _fail)
    with pytest.raises(AppError, match="Không ghi được tệp"):
        printing.printing.write("delegation-request", outbound_id, out)
    assert out.read_bytes() == b"%PDF-1.4 the previous print"
    assert [p.name for p in folder.iterdir()] == ["old.pdf"]


def _fail(_fd):
    raise OSError(28, "No space left on device")


def test_write_into_a_missing_folder_is_a_readable_error(printing, outbound_id, folder):
    with pytest.raises(AppError, match="Không có thư mục"):
        printing.printing.write("member-list", outbound_id, folder / "nowhere" / "x.pdf")


# --- forms ---------------------------------------------------------------------------------


def test_forms_for_follow_the_direction(printing, outbound_id, inbound_id):
    assert [f.code for f in printing.printing.forms_for(outbound_id)] == [
        "delegation-request", "member-list", "trip-report"]
    assert [f.code for f in printing.printing.forms_for(inbound_id)] == ["guest-request", "member-list"]
    assert {f.code: (f.doc_type, f.direction) for f in FORMS.values()} == {
        "delegation-request": ("TTr", "outbound"), "guest-request": ("CV", "inbound"),
        "member-list": ("DS", None), "trip-report": ("BC", "outbound"), "conference-plan": ("ĐA", None)}


def test_form_titles_follow_the_interface_language(printing, outbound_id):
    from desktop.i18n import set_language

    set_language("en")
    titles = [f.title for f in printing.printing.forms_for(outbound_id)]
    assert "Tờ trình xin phép cử đoàn ra" not in titles and all(titles)
    # the document itself stays Vietnamese
    assert "TỜ TRÌNH" in text(printing.printing.render("delegation-request", outbound_id))


# --- settings ------------------------------------------------------------------------------


def test_default_settings_come_from_the_devices_unit(services):
    assert services.printing.settings() == PrintSettings(
        managing_body="UBND TỈNH ĐẮK LẮK", issuing_unit="UBND THÀNH PHỐ BUÔN MA THUỘT", unit_abbrev="UBND",
        place="Buôn Ma Thuột", signer_authority="TM.", signer_body="ỦY BAN NHÂN DÂN", signer_title="CHỦ TỊCH",
        signer_name="", recipients=("Sở Ngoại vụ tỉnh Đắk Lắk",))


def test_settings_round_trip_nfc(services):
    nfd = "Phạm Thị Mai".encode().decode()
    import unicodedata

    wanted = replace(services.printing.settings(), signer_authority="kt.", signer_body="CHỦ TỊCH",
                     signer_title="PHÓ CHỦ TỊCH", signer_name=unicodedata.normalize("NFD", nfd),
                     recipients=("Sở Ngoại vụ tỉnh Đắk Lắk", " ", "UBND tỉnh Đắk Lắk"))
    services.printing.save_settings(wanted)
    got = services.printing.settings()
    assert got.signer_authority == "KT." and got.signer_name == "Phạm Thị Mai"
    assert got.recipients == ("Sở Ngoại vụ tỉnh Đắk Lắk", "UBND tỉnh Đắk Lắk")
    assert services.device.get_setting("print.signer_title") == "PHÓ CHỦ TỊCH"


def test_kt_signature_and_several_addressees_print(printing, outbound_id):
    printing.printing.save_settings(replace(
        printing.printing.settings(), signer_authority="KT.", signer_body="CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH",
        recipients=("Sở Ngoại vụ tỉnh Đắk Lắk", "Công an tỉnh Đắk Lắk")))
    words = text(printing.printing.render("delegation-request", outbound_id))
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in words and SIGNER in words
    assert "Kính gửi: - Sở Ngoại vụ tỉnh Đắk Lắk; - Công an tỉnh Đắk Lắk." in words


def test_a_wrong_authority_is_refused(services):
    with pytest.raises(ValidationError, match="TM., KT., TL."):
        services.printing.save_settings(replace(services.printing.settings(), signer_authority="XYZ"))


def test_settings_before_set_up_are_blank_not_an_error(bare_services):
    s = bare_services.printing.settings()
    assert s.issuing_unit == "" and s.place == "" and s.unit_abbrev == "UBND"


# --- templates -----------------------------------------------------------------------------


def test_edit_a_template_then_restore_the_default(printing, outbound_id):
    svc = printing.printing
    default = svc.template("delegation-request")
    assert default == svc.default_template("delegation-request")
    svc.save_template("delegation-request", "Đoàn {title} đi {countries} từ {start_date}./.")
    assert "Đoàn Đoàn công tác xúc tiến cà phê Buôn Ma Thuột tại Hàn Quốc đi Hàn Quốc từ 15/06/2026./." in text(
        svc.render("delegation-request", outbound_id))
    svc.restore_template("delegation-request")
    assert svc.template("delegation-request") == default
    assert printing.device.get_setting("print.template.delegation-request") is None


def test_unknown_placeholder_is_refused_naming_it(printing):
    with pytest.raises(ValidationError) as caught:
        printing.printing.save_template("trip-report", "Ngày đi: {ngay_di}.\nĐoàn: {title!r} {days:>3}")
    message = str(caught.value)
    assert "Dòng 1: không có chỗ điền {ngay_di}" in message
    assert "Dòng 2: không có chỗ điền {title!r}" in message and "{days:>3}" in message
    assert printing.device.get_setting("print.template.trip-report") is None


def test_broken_braces_and_a_table_inside_a_sentence_are_refused(printing):
    with pytest.raises(ValidationError, match="dấu ngoặc"):
        printing.printing.save_template("member-list", "Đoàn {title")
    with pytest.raises(ValidationError, match="phải đứng riêng một dòng"):
        printing.printing.save_template("member-list", "Danh sách: {members_table}")


def test_doubled_braces_print_braces(printing, outbound_id):
    printing.printing.save_template("member-list", "Ghi chú {{nội bộ}} – {member_count} người\n{members_table}")
    assert "Ghi chú {nội bộ} – 3 người" in text(printing.printing.render("member-list", outbound_id))


def test_preview_draws_an_unsaved_template_even_without_a_signer(services, outbound_id):
    pdf = services.printing.preview_template("delegation-request", "Xem thử {member_count} người.", outbound_id)
    assert "Xem thử 3 người." in text(pdf)
    assert services.device.get_setting("print.template.delegation-request") is None
    with pytest.raises(ValidationError):
        services.printing.preview_template("delegation-request", "{khong_co}", outbound_id)


def test_placeholders_are_described(printing):
    names = dict(printing.printing.placeholders("guest-request"))
    assert {"title", "countries", "start_date", "members", "members_table", "cost_estimate"} <= set(names)
    assert all(names.values())


def test_signed_document_of_another_record_is_refused(printing, outbound_id, returned_id):
    doc = printing.documents.create("BC", "Báo cáo", form="trip-report", entity="delegation", record_id=returned_id)
    printing.documents.mark_signed(doc.id, date(2026, 1, 10), SIGNER)
    with pytest.raises(AppError, match="không phải là"):
        printing.printing.render("delegation-request", outbound_id, document_id=doc.id)
