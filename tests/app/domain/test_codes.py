"""The code lists of national-format.md §3, §4 and §7 (resources/codes.toml) and the countries."""

from __future__ import annotations

import pytest

from app.domain.codes import (
    LISTS,
    Behandlingsform,
    Forloebstype,
    aarsag,
    aarsag_group,
    aarsager,
    code_list,
    codes,
    countries,
    country_codes,
    find_countries,
    label,
    require_code,
)
from app.errors import InputError

# §7, in order, as the format writes the labels.
KRAEFTOMRAADER = {
    "BRYST": "brystkræft",
    "HOVEDHALS": "hoved- og halskræft",
    "LUNGE": "lungekræft",
    "LUNGEHINDE": "lungehindekræft",
    "SPISEROER_MAVE": "kræft i spiserør, mavemund og mavesæk",
    "BUGSPYT": "kræft i bugspytkirtel",
    "LEVER_GALDE": "kræft i lever og galdeveje",
    "TYKTARM_ENDETARM": "kræft i tyk- og endetarm",
    "ANAL": "analkræft",
    "PROSTATA": "prostatakræft",
    "BLAERE_NYRE": "kræft i blære, nyre, nyrebækken og urinleder",
    "TESTIKEL": "testikelkræft",
    "LIVMODERHALS": "livmoderhalskræft",
    "LIVMODER": "livmoderkræft",
    "AEGGESTOK": "kræft i æggestok",
    "VULVA": "kræft i ydre kønsorganer",
    "MODERMAERKE": "modermærkekræft",
    "HJERNE": "kræft i hjernen",
    "OEJE": "kræft i øjne og orbita",
    "SARKOM": "sarkom i knogle og bløddele",
    "LYMFOM_CLL": "lymfeknudekræft og kronisk lymfatisk leukæmi",
    "LEUKAEMI": "akut leukæmi",
    "MYELOMATOSE": "myelomatose",
    "BOERN": "kræft hos børn",
    "METASTASER": "metastaser uden kendt primær tumor",
    "ANDET": "anden kræftform",
}

REGIONS = {
    "1081": "Region Nordjylland",
    "1082": "Region Midtjylland",
    "1083": "Region Syddanmark",
    "1084": "Region Hovedstaden",
    "1085": "Region Sjælland",
}

AARSAGER = {
    "HELBRED": 2,
    "PATIENTOENSKE": 2,
    "KAPACITET_HENVIST": 2,
    "KAPACITET": 3,
    "MENNESKELIG_FEJL": 3,
    "AFLYSNING": 3,
    "ANDET": 3,
}


# --- kræftområder -------------------------------------------------------------------------------


def test_26_kraeftomraader_exactly() -> None:
    assert len(KRAEFTOMRAADER) == 26
    assert [c.code for c in code_list("kraeftomraade")] == list(KRAEFTOMRAADER)
    assert codes("kraeftomraade") == frozenset(KRAEFTOMRAADER)


@pytest.mark.parametrize(("code", "text"), list(KRAEFTOMRAADER.items()))
def test_kraeftomraade_danish_label(code: str, text: str) -> None:
    da = label("kraeftomraade", code)
    assert da[0].isupper()
    assert da[0].lower() + da[1:] == text


def test_every_entry_has_both_labels() -> None:
    for name in LISTS:
        for entry in code_list(name):
            assert entry.da.strip() and entry.en.strip(), (name, entry.code)
            assert entry.label("da") == entry.da
            assert entry.label("en") == entry.en
        assert len({e.code for e in code_list(name)}) == len(code_list(name)), name


# --- regions, types ------------------------------------------------------------------------------


def test_five_regions() -> None:
    assert {c.code: c.da for c in code_list("region")} == REGIONS
    assert [c.code for c in code_list("region")] == ["1081", "1082", "1083", "1084", "1085"]


def test_region_label() -> None:
    assert label("region", "1085") == "Region Sjælland"
    assert label("region", "1085", "en") == "Region Zealand"


def test_forloebstype_list_matches_the_enum() -> None:
    assert [c.code for c in code_list("forloebstype")] == [t.value for t in Forloebstype]
    assert [t.value for t in Forloebstype] == ["UDREDNING", "BEHANDLING", "EFTERBEHANDLING"]


def test_behandlingsform_list_matches_the_enum() -> None:
    assert [c.code for c in code_list("behandlingsform")] == [t.value for t in Behandlingsform]
    assert [t.value for t in Behandlingsform] == ["KIRURGI", "MEDICINSK", "STRAALE"]


def test_udfoerende_type_and_udfald() -> None:
    assert codes("udfoerende_type") == {"PRIVAT", "OFFENTLIG"}
    assert codes("udfald") == {"BEKRAEFTET", "AFKRAEFTET"}


def test_unknown_list_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        code_list("aarsag")  # reasons have their own accessor
    with pytest.raises(KeyError):
        code_list("land")


def test_label_of_an_unknown_code_is_the_code() -> None:
    assert label("kraeftomraade", "UKENDT") == "UKENDT"


def test_require_code() -> None:
    assert require_code("kraeftomraade", "BRYST") == "BRYST"
    with pytest.raises(InputError) as info:
        require_code("kraeftomraade", "bryst")
    err = info.value
    assert err.message_id == "code.unknown"
    assert err.field == "kraeftomraade"
    assert err.value == "bryst"
    assert err.message("da") == "Ukendt kræftområde «bryst»."


# --- årsager ------------------------------------------------------------------------------------


def test_seven_reasons_with_their_kategori() -> None:
    assert {a.code: a.kategori for a in aarsager()} == AARSAGER
    assert [a.code for a in aarsager()] == list(AARSAGER)


def test_reason_groups() -> None:
    assert [a.code for a in aarsag_group(2)] == ["HELBRED", "PATIENTOENSKE", "KAPACITET_HENVIST"]
    assert [a.code for a in aarsag_group(3)] == [
        "KAPACITET",
        "MENNESKELIG_FEJL",
        "AFLYSNING",
        "ANDET",
    ]
    assert aarsag_group(1) == ()


def test_reason_lookup() -> None:
    found = aarsag("KAPACITET_HENVIST")
    assert found is not None
    assert found.kategori == 2
    assert found.label("da") == "Kapacitet, tilbud andetsteds afslået"
    assert found.explanation("en").startswith("Lack of capacity")
    assert aarsag("UKENDT") is None
    assert aarsag("helbred") is None


def test_every_reason_has_texts() -> None:
    for reason in aarsager():
        assert reason.da and reason.en and reason.da_forklaring and reason.en_forklaring


# --- countries -----------------------------------------------------------------------------------


def test_countries_exclude_denmark() -> None:
    assert "DK" not in country_codes()
    assert all(c.alpha_2 != "DK" for c in countries())
    assert not [c for c in find_countries("danmark") if c.alpha_2 == "DK"]


def test_germany_has_its_danish_name() -> None:
    germany = next(c for c in countries() if c.alpha_2 == "DE")
    assert germany.da == "Tyskland"
    assert germany.en == "Germany"
    assert germany.label() == "Tyskland"
    assert germany.label("en") == "Germany"


def test_country_codes_are_official_alpha_2() -> None:
    assert {"DE", "SE", "NO", "GB", "US", "FO", "GL"} <= country_codes()
    assert "XK" not in country_codes()  # Kosovo: user-assigned, not official
    assert len(country_codes()) >= 240
    assert all(len(code) == 2 and code.isascii() and code.isupper() for code in country_codes())


def test_countries_are_sorted_by_danish_name() -> None:
    names = [c.da.casefold() for c in countries()]
    assert names == sorted(names)


def test_find_countries_by_danish_name() -> None:
    assert "DE" in [c.alpha_2 for c in find_countries("tysk")]
    assert "DE" in [c.alpha_2 for c in find_countries(" TYSK ")]


def test_find_countries_by_english_name() -> None:
    assert "DE" in [c.alpha_2 for c in find_countries("germ", "en")]
    assert "DE" not in [c.alpha_2 for c in find_countries("germ", "da")]


def test_find_countries_exact_code_first() -> None:
    found = find_countries("de")
    assert found[0].alpha_2 == "DE"
    assert len({c.alpha_2 for c in found}) == len(found)


def test_find_countries_empty_query_gives_all() -> None:
    assert find_countries("") == list(countries())
    assert find_countries("   ") == list(countries())


def test_find_countries_no_match() -> None:
    assert find_countries("xyzzy") == []
