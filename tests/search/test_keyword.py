"""BM25 tokens keep what officers type verbatim: acronyms, codes, names."""
from search.keyword import KeywordIndex, acronyms, codes, spelled_out, tokenize, written_acronyms

ROWS = ["Retrofit homes with the Social Housing Decarbonisation Fund",
        "Report against NI 1 community cohesion",
        "Report against NI 186 per capita CO2 emissions",
        "Open family hubs in Eastgate",
        "Regenerate the Cambridge Road Estate with residents"]


def test_indicator_codes_become_one_token_with_their_number():
    assert codes("Indicators NI 1, NI 186 and PSA 15") == ["ni_1", "ni_186", "psa_15"]


def test_a_spelt_out_name_also_yields_its_acronym_even_after_a_capitalised_verb():
    assert "shdf" in acronyms("Deliver Social Housing Decarbonisation Fund works")
    assert "vawg" in acronyms("a Violence Against Women and Girls strategy")


def test_an_acronym_written_in_one_row_finds_a_row_that_spells_it_out_in_lower_case():
    index = KeywordIndex.build(["Deliver the SEND Futures Plan",
                                "A campus for young people with special educational needs and/or disabilities",
                                "Send newsletters to residents"])
    assert {row for row, _ in index.search("SEND", 3)} >= {0, 1}


def test_capitalised_headings_that_are_ordinary_words_are_not_taken_for_acronyms():
    known = written_acronyms(["AREA", "a conservation area", "SEND"])
    assert known == {"send"}
    assert spelled_out("adult social engagement area", known) == []


def test_question_words_are_dropped_and_plurals_folded():
    assert tokenize("what are the family hubs")[:2] == ["family", "hub"]


def test_an_acronym_query_finds_the_row_that_spells_the_name_out():
    index = KeywordIndex.build(ROWS)
    assert index.search("SHDF", 3)[0][0] == 0


def test_ni_1_finds_ni_1_before_ni_186():
    index = KeywordIndex.build(ROWS)
    assert [row for row, _ in index.search("NI 1", 3)][0] == 1


def test_an_estate_name_finds_its_row():
    index = KeywordIndex.build(ROWS)
    assert index.search("Cambridge Road Estate", 1)[0][0] == 4


def test_unknown_words_and_masked_rows_give_nothing(tmp_path):
    index = KeywordIndex.build(ROWS)
    index.save(tmp_path / "kw")
    again = KeywordIndex.load(tmp_path / "kw")
    assert again.search("zzzz", 5) == []
    mask = [False] * len(ROWS)
    assert again.search("SHDF", 5, mask=__import__("numpy").array(mask)) == []
