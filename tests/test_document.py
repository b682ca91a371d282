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
