from newslint.document import Document


def test_lines_end_at_lf_crlf_and_cr_only():
    doc = Document("one\ntwo\r\nthree\rfour\u2028still four\x0cstill four")
    assert [t for _, _, t in doc.lines] == ["one", "two", "three", "four\u2028still four\x0cstill four"]
    assert doc.position(doc.text.index("two")) == (2, 1)
    assert doc.position(doc.text.index("four")) == (4, 1)
    assert doc.position(doc.text.index("still")) == (4, 6)


def test_columns_count_characters_and_end_is_exclusive():
    doc = Document("Putin’s “threat”\nx")
    assert doc.position(doc.text.index("“")) == (1, 9)
    assert doc.position(len("Putin’s “threat”")) == (1, 17)


def test_paragraphs_are_blank_line_separated():
    doc = Document("a\nb\n\n \nc\r\n\r\nd\n")
    assert [t for _, _, t in doc.paragraphs] == ["a\nb", "c", "d"]


def test_empty_document_has_one_empty_line():
    doc = Document("")
    assert doc.lines == [(0, 0, "")]
    assert doc.paragraphs == []
    assert doc.position(0) == (1, 1)


def test_language_from_metadata_or_guessed():
    assert Document("x", lang="pt-BR").language == "pt"
    assert Document("El presidente dijo que la economía de la región no crecerá este año por la crisis").language == "es"
    assert Document("short").language is None
    # long enough to tell, in none of the languages of the word lists: no English rules on it
    swahili = "Habari za asubuhi rafiki yangu, leo tunakwenda sokoni kununua matunda na mboga kwa ajili ya chakula."
    assert Document(swahili).language == "und"


def test_a_dictionary_rule_skips_a_language_newslint_does_not_know():
    from newslint.engine import Linter

    linter = Linter(select=["NL205"])
    english = "Thank youfor signing up to the newsletter of the council, which meets every week on Monday."
    assert [f.matched for f in linter.lint(Document(english)).findings] == ["youfor"]
    swahili = "Leo tunakwenda sokoni kununua matunda na mboga kwa ajili ya chakula, youfor rafiki yangu wa zamani."
    assert linter.lint(Document(swahili)).findings == []


def test_short_line_view_skips_long_lines_and_maps_offsets_back():
    long = "x" * 300
    doc = Document(f"Home\r\n{long}\r\nPhoto: Reuters\r\n")
    view = doc.short_lines(200)
    assert view.text.split("\n") == ["Home", "\uffff", "Photo: Reuters", ""]
    at = view.text.index("Reuters")
    assert doc.text[view.to_doc(at):view.to_doc(at + 7)] == "Reuters"
    short = Document("Home\nNews")
    assert short.short_lines(200).text is short.text and short.short_lines(200).to_doc(5) == 5


def test_lines_holding_finds_words_case_blind_across_line_breaks():
    doc = Document("Home\r\nWe use Cookies here\rcookie-free\nnothing")
    assert doc.lines_holding(["cookie"]) == [1, 2]
    assert Document("İstanbul\nWe use COOKIES").lines_holding(["cookies"]) == [1]  # lower() grows İ


def test_span_position_agrees_with_position_at_both_ends():
    doc = Document("ab\r\ncd\nef\rgh")
    for start in range(len(doc.text) + 1):
        for end in range(start, len(doc.text) + 1):
            assert doc.span_position(start, end) == (*doc.position(start), *doc.position(end)), (start, end)
