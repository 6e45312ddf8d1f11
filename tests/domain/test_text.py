import unicodedata

from desktop.domain.text import fold, nfc


def test_fold_removes_marks_and_maps_d():
    assert fold("Đắk Lắk") == "dak lak"
    assert fold("ĐẮK   LẮK\t") == "dak lak"


def test_fold_accepts_decomposed_input():
    assert fold(unicodedata.normalize("NFD", "Buôn Ma Thuột")) == "buon ma thuot"


def test_fold_keeps_apostrophes_of_ethnic_names():
    assert fold("H'Hen Niê") == "h'hen nie"
    assert fold("M’Đrắk") == "m'drak"
    assert fold("Cư M'gar") == "cu m'gar"


def test_fold_none_and_empty():
    assert fold(None) == ""
    assert fold("   ") == ""


def test_nfc_composes_and_strips():
    decomposed = unicodedata.normalize("NFD", "  Đắk Lắk \n")
    result = nfc(decomposed)
    assert result == "Đắk Lắk"
    assert unicodedata.is_normalized("NFC", result)


def test_nfc_none_stays_none():
    assert nfc(None) is None
