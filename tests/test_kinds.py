"""Each check kind, through small rule sets built in the test (no YAML needed)."""

import pytest

from newslint.document import Document
from newslint.engine import Linter
from newslint.kinds import OptionError, registry


def hits(kind, text, **options):
    check = registry()[kind](options, timeout=2.0)
    doc = Document(text, lang=options.pop("_lang", None)) if "_lang" in options else Document(text)
    return [text[h.start:h.end] for h in check.check(doc)]


def test_pattern_regex_exceptions_and_spans():
    assert hits("pattern", "a <b> c", regex="<b>") == ["<b>"]
    text = "Visit www.example.com/Page now. It rained.Then"
    assert hits("pattern", text, regex=r"(?<=\p{Ll})\.(?=\p{Lu})", span="token",
                exceptions=[r"\S*www\.\S*"]) == ["rained.Then"]
    assert hits("pattern", "one\r\nCopyright 2024 Ledger\r\ntwo", regex="Copyright", span="line") == [
        "Copyright 2024 Ledger"]
    assert hits("pattern", "Read more here", tokens=["read  more"], **{"ignore-case": True}) == ["Read more"]
    # a name the text repeats (by the regex's first group, here without the bracket)
    text = "Join Fin.Link now. (Fin.Link) is free. It rained.Then"
    assert hits("pattern", text, regex=r"\.(?=\p{Lu})", span="token",
                **{"skip-repeated": [r"\W*(\p{Lu}\w*\.\p{Lu}\w*)\W*"]}) == ["rained.Then"]


def test_pattern_fix_from_replace():
    check = registry()["pattern"]({"regex": r"(\w)\.\.", "replace": r"\1."}, timeout=1)
    (hit,) = check.check(Document("done.."))
    assert hit.fix.edits[0].text == "e."


def test_pattern_options_are_validated():
    with pytest.raises(OptionError):
        registry()["pattern"]({"regex": "(", }, timeout=1)
    with pytest.raises(OptionError):
        registry()["pattern"]({}, timeout=1)


def test_pattern_time_limit_names_the_rule(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "slow.yaml").write_text(
        "code: X1\nname: slow\nkind: pattern\nregex: '(?:\\w+\\s?){1,40}(?<=\\d)'\ncategory: markup\n"
        "severity: info\nmessage: m\ndescription: d\nexamples: {bad: [a1], good: [c]}\n", encoding="utf-8")
    linter = Linter(rules=[str(pack)], builtin_rules=False, timeout=0.2)
    result = linter.lint(Document("word " * 3000, path="big.txt"))
    assert result.findings == []
    assert result.errors and "X1 (slow)" in result.errors[0] and "big.txt" in result.errors[0]


def test_phrases_any_white_space_and_apostrophes():
    text = "For Latest Updates Follow\u00a0us on Google\u00a0News\nDon’t Miss\nnews of the day"
    assert hits("phrases", text, phrases=["Follow us on Google News"], match="inside") == [
        "Follow\u00a0us on Google\u00a0News"]
    assert hits("phrases", text, phrases=["Don't miss"]) == ["Don’t Miss"]
    assert hits("phrases", "• Home |\nHome page views rose", phrases=["Home"]) == ["Home"]
    assert hits("phrases", "News\nnews", phrases=["News"], capitalised=True) == ["News"]
    # a link split out of its sentence: the next non-blank line goes on with its punctuation
    split = "such as\nPinterest\n\n, and TikTok\nPinterest\n\nShare"
    assert hits("phrases", split, phrases=["Pinterest"], **{"in-sentence": False}) == ["Pinterest"]
    assert hits("phrases", split, phrases=["Pinterest"]) == ["Pinterest", "Pinterest"]


def test_a_line_that_phrases_fill_is_one_finding():
    phrases = ["For Latest Updates", "Follow us on Google News"]
    text = "For Latest Updates Follow us on Google News\nFor Latest Updates, read on: Follow us on Google News"
    assert hits("phrases", text, phrases=phrases, match="inside", fix="remove") == [
        "For Latest Updates Follow us on Google News", "For Latest Updates", "Follow us on Google News"]


def test_repeat_headline_title_lines_paragraphs():
    text = "Storm hits the coast | Ledger\n\nStorm hits the coast\n\nThe storm hit the coast on Monday, " \
           "and officials said the damage was severe across the whole county and beyond it."
    assert hits("repeat", text, target="headline") == ["Storm hits the coast"]
    check = registry()["repeat"]({"target": "title"}, timeout=1)
    doc = Document("STORM HITS THE COAST\nbody", title="Storm hits the coast")
    assert [doc.text[h.start:h.end] for h in check.check(doc)] == ["STORM HITS THE COAST"]
    line = "The council will vote on the new budget next week."
    assert hits("repeat", f"{line}\n\n{line}\nother", target="line", **{"min-words": 8, "adjacent": True}) == [line]
    assert hits("repeat", f"{line}\nother\n{line}", target="line", **{"min-words": 8, "adjacent": True}) == []
    assert hits("repeat", f"{line}\nother\n{line}", target="line", **{"min-words": 8}) == [line]


BODY = ("Heavy snow kept buses off the roads on Monday morning, and officials in three towns said the "
        "closures would last until the ploughs had cleared every route.\n"
        "Parents were told by text message at six, and the county said the schools would open again "
        "once the roads were safe.\n")


def headline_hits(text, **options):
    options = {"target": "headline", "min-words": 2, "similarity": 0.5, "reworded": 0.4, **options}
    return hits("repeat", text, **options)


def test_headline_copies_stand_above_the_body_not_inside_it():
    # a notice alone above the headline is no body: the copy below it is still at the top
    notice = ("We noticed that you are using an old browser that this site no longer supports, so please "
              "consider using another, newer browser to read the articles and the news of this site.\n")
    text = f"Storm closes schools | Daily Ledger\n{notice}Home\nStorm closes schools\n{BODY}"
    assert headline_hits(text) == ["Storm closes schools"]
    # inside the article, a subhead with the headline's words (or its very words) is no copy
    text = f"Storm closes schools\n{BODY}\nStorm closes schools\n\nHow the storm closes schools\n{BODY}"
    assert headline_hits(text) == []
    # a caption shown twice is no body either
    caption = ("Buses stand in the depot of the county on Monday, when heavy snow closed the schools of "
               "three towns and the roads of the hills for the whole day.")
    text = f"Storm closes schools | Daily Ledger\n{caption}\n{caption}\nStorm closes schools\n{BODY}"
    assert headline_hits(text) == ["Storm closes schools"]


def test_headline_keys_leave_out_site_and_section_names():
    from newslint.kinds.repeat import headline_keys

    assert headline_keys("Storm closes schools across the county | Daily Ledger", 2) == {
        "storm closes schools across the county daily ledger", "storm closes schools across the county"}
    assert headline_keys("Opinion: Storm closes schools", 2) >= {"storm closes schools"}
    assert headline_keys("Amazon Web Services BrandVoice | Paid Program", 2) == {
        "amazon web services brandvoice paid program", "amazon web services brandvoice"}
    # a headline with a subtitle is no section label: the subtitle alone is not the headline
    assert headline_keys("Installing solar panels on your roof: a guide", 2) == {"installing solar panels on your roof a guide"}
    assert headline_hits(f"Storm closes schools across the county | Daily Ledger\nDaily Ledger\n{BODY}") == []


def test_a_reworded_headline_is_the_one_line_most_alike():
    title = "Snow closes schools across the county for a second day | Daily Ledger"
    h1 = "Schools in the county stay closed for a second day"
    text = f"{title}\nHome\nWeather: snow in the county\n{h1}\nBy Jane Doe\n{BODY}"
    assert headline_hits(text) == [h1]
    # not when a line copies the headline, nor when the alike lines are a list
    assert headline_hits(f"{title}\n{h1}\nSnow closes schools across the county for a second day\n{BODY}") == [
        "Snow closes schools across the county for a second day"]
    items = ["Schools in the county stay closed for a second day", "Schools in the city stay open for a second day"]
    assert headline_hits(f"{title}\nHome\n{items[0]}\n{items[1]}\n{BODY}") == []
    # two words in common are chance, whatever their share
    assert headline_hits(f"Fox News Radio | Fox News\nFox News Shop\n{BODY}") == []


def test_the_title_tag_comes_first():
    # a short <title> headline counts; a menu item with a suffix after it does not
    text = f"Scalable interpretability methods — LessWrong\nLogin\nScalable interpretability methods\n{BODY}"
    assert headline_hits(text) == ["Scalable interpretability methods"]
    text = f"Home\nUnited States (English)\nUnited States (English) - en\nMexico (Spanish) - es\n{BODY}"
    assert headline_hits(text) == []


def test_title_inside_the_article_is_a_subhead():
    check = registry()["repeat"]({"target": "title"}, timeout=1)
    doc = Document(f"Storm closes schools\n{BODY}\nStorm closes schools\n\n{BODY}Storm closes schools",
                   title="Storm closes schools")
    assert [doc.position(h.start)[0] for h in check.check(doc)] == [1, 9]  # above and below the article


def test_balance_quotes_apostrophes_and_direction():
    assert hits("balance", "“It is fine,” she said. Putin’s aides don’t agree; the ’90s rock ’n’ roll.") == []
    assert hits("balance", "“It is not closed, she said.") == ["“"]
    assert hits("balance", "He said. ”Well, we can.”", problem="direction") == ["”"]
    assert hits("balance", "„Das ist gut“, sagte er.", _lang="de") == []
    assert hits("balance", "“A long quote goes on.\n\n“And ends here,” she said.") == []
    assert hits("balance", 'It is 12" wide.') == []
    assert hits("balance", "(which met on Tuesday voted", marks="brackets") == ["("]
    assert hits("balance", "1) roads\n2) schools", marks="brackets") == []


def test_line_shapes():
    text = "a\n \n\u00a0\n\u200b\n\n-\n|\n* * *\n___\nx - y"
    assert hits("line", text, shape="blank") == [" ", "\u00a0", "\u200b"]
    assert hits("line", text, shape="punctuation") == ["-", "|"]


def test_glued_case_and_word():
    assert hits("glued", "They kept their focusThe decision came.", split="case") == ["focusThe"]
    assert hits("glued", "An iPhone, YouTube and McDonald's; Matt DiBenedetto.", split="case") == []
    assert hits("glued", "Visit example.com/NewsPage or @NewsRoom #BreakingNews", split="case") == []
    text = "Russia and North Korea signed, a first for North Korea. Weapons for North Koreawarning that the countryand its allies act."
    assert hits("glued", text, split="word") == ["Koreawarning", "countryand"]
    # a name the text uses only to start sentences is a common word; a brand ends in one
    text = "Art fairs rank artists with the Artfacts list. Therapists list themselves on Zencare."
    assert hits("glued", text, split="word") == []


def test_glued_case_names_code_and_seams():
    # program names, acronyms' plurals, a name the text repeats
    text = "Call popUntil(x), set newPos = 1, edit <packageSources>; LLMs and JWTs; MilTax and MilTax."
    assert hits("glued", text, split="case") == []
    # an article that shows code names things in camelCase in its prose too
    code = "const total = sum(items);\nif (total > 0) {\n  return total;\n}\n"
    prose = "A variable named approvedList reads better than a flag."
    assert hits("glued", prose, split="case") == ["approvedList"]
    assert hits("glued", code + prose, split="case") == []
    # among capitalised words (a menu) a token is left to the boilerplate rules
    menu = "Home SolarHeat PumpsGuides About UsCareers Contact"
    assert hits("glued", menu, split="case") == ["SolarHeat", "PumpsGuides", "UsCareers"]
    assert hits("glued", menu, split="case", **{"min-prose": 0.3}) == []
    text = "They kept their focusThe decision came from the board after a long and quiet debate."
    assert hits("glued", text, split="case", **{"min-prose": 0.3}) == ["focusThe"]
    # two capitalised words: a brand, unless the document shows the seam
    compound = {"split": "case", "compound-zipf": 6.0}
    assert hits("glued", "Apps like PocketGuard make budgets easy.", **compound) == []
    text = "Stores fight fraud.\nFraud DetectionMachine learning watches payments. Machine rooms hum."
    assert hits("glued", text, **compound) == ["DetectionMachine"]


def test_mojibake_replacement_gazetteer_fragments_input():
    assert hits("mojibake", "The cafÃ© reopened. São Paulo.") == ["cafÃ©"]
    assert hits("replacement", "caf\ufffd\ufffd") == ["\ufffd\ufffd"]
    assert hits("gazetteer", "Calls from kyiv, not #kyiv or site.com/kyiv.", names=["Kyiv"]) == ["kyiv"]
    menu = "Home\nPolitics\nBusiness\nSports\nWeather\n\nThe council met on Tuesday to vote on the budget."
    assert hits("fragments", menu, **{"min-run": 5}) == ["Home", "Politics", "Business", "Sports", "Weather"]
    check = registry()["input"]({}, timeout=1)
    doc = Document("", input_error="invalid JSON")
    assert [h.values["reason"] for h in check.check(doc)] == ["invalid JSON"]


def test_kinds_from_the_entry_point_group(tmp_path, monkeypatch):
    """A package adds a kind through `newslint.kinds`; rules can then use it by name."""
    (tmp_path / "caps_plugin.py").write_text(
        "import regex\nfrom newslint.finding import Hit\nfrom newslint.kinds import Kind\n\n"
        "class AllCaps(Kind):\n    name = 'all-caps-line'\n    doc = 'Lines in capitals.'\n\n"
        "    def check(self, doc):\n"
        "        for m in regex.finditer(r'(?m)^[A-Z ]{8,}$', doc.text):\n"
        "            yield Hit(m.start(), m.end())\n", encoding="utf-8")
    dist = tmp_path / "caps_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: caps-plugin\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[newslint.kinds]\nall-caps-line = caps_plugin:AllCaps\n",
                                           encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    from newslint import kinds

    monkeypatch.setattr(kinds, "_REGISTRY", {})
    monkeypatch.setattr(kinds, "_PLUGINS_LOADED", False)
    assert "all-caps-line" in registry() and "pattern" in registry()
    assert hits("all-caps-line", "Fine text\nBREAKING NEWS TODAY\n") == ["BREAKING NEWS TODAY"]


def test_phrase_lines_are_looked_up_without_their_decoration():
    text = "  » Read\u00a0more «\nRead more about the vote below.\n" + "Read more " * 40
    assert hits("phrases", text, phrases=["Read more"]) == ["Read\u00a0more"]
    # inside: only lines holding a key word are scanned, with the same results as a full scan
    text = "Intro.\nWe use cookies on this site.\nCookies are baked.\nThis website uses cookies"
    assert hits("phrases", text, phrases=["We use cookies", "This website uses cookies"], match="inside") == [
        "We use cookies", "This website uses cookies"]


def test_above_headline_reports_chrome_not_the_headline_copies():
    linter = Linter(select=["NL101", "NL315"])
    body = ("Heavy snow kept buses off the roads on Monday morning, and officials in three towns said "
            "the closures would last until the ploughs had cleared every route.")
    text = f"Home\nWorld\nStorm closes county schools | Ledger\nStorm closes county schools\n{body}\n" \
           "Storm closes county schools"
    found = [(f.code, f.matched) for f in linter.lint(Document(text)).findings]
    assert found == [("NL315", "Home"), ("NL315", "World"), ("NL315", "Storm closes county schools | Ledger"),
                     ("NL101", "Storm closes county schools"), ("NL101", "Storm closes county schools")]
    seed = Linter(select=["NL101", "NL315"]).lint(Document("Storm closes county schools\n\n" * 3 + body))
    assert {f.code for f in seed.findings} == {"NL101"}  # the first copy is the headline, not chrome


def test_tail_builds_on_the_other_rules_findings(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    common = "category: boilerplate\nseverity: info\nmessage: m\ndescription: d\nexamples: {bad: [a], good: [b]}\n"
    (pack / "label.yaml").write_text(f"code: X1\nname: label\nkind: phrases\nphrases: [Share, Tags]\n{common}",
                                     encoding="utf-8")
    (pack / "tail.yaml").write_text(f"code: X2\nname: tail\nkind: tail\nmin-findings: 2\n{common}", encoding="utf-8")
    body = ("Heavy snow kept buses off the roads on Monday morning, and officials in three towns said "
            "the closures would last until the ploughs had cleared every route.")
    text = f"Share\n{body}\nSchools will reopen on Wednesday, the county's education office said.\n" \
           f"Share\nWinter storms 2019\nTags\nPower cuts 2019\nA last word."
    linter = Linter(rules=[str(pack)], builtin_rules=False)
    assert [r.code for r in linter.rules] == ["X1", "X2"]  # the late kind runs last
    found = [(f.code, f.matched) for f in linter.lint(Document(text)).findings if f.code == "X2"]
    assert found == [("X2", "Power cuts 2019"), ("X2", "A last word.")]
    # alone, it has nothing to build on
    assert Linter(rules=[str(pack)], builtin_rules=False, select=["X2"]).lint(Document(text)).findings == []


def test_word_list_lookups_agree_before_and_after_the_dict_is_built():
    from newslint.lexicon import ZipfTable

    table = ZipfTable(["korea", "the", "warning"], __import__("array").array("H", [465, 773, 480]))
    before = [table.get(w) for w in ("the", "korea", "koreawarning")]
    table.PROMOTE = 0
    assert before == [table.get(w) for w in ("the", "korea", "koreawarning")] == [7.73, 4.65, 0.0]
    assert table.rarer({"the", "koreawarning"}, 1.0) == {"koreawarning"}


def test_a_line_that_several_rules_take_for_junk_is_one_finding():
    text = "Storm closes schools\n\nThe talks in Kyiv ended on Monday.\n\n  Advertisement  \n\nRead more\n"
    assert [(f.code, f.line) for f in Linter().lint_text(text) if f.category == "boilerplate"] == [
        ("NL305", 5), ("NL305", 7)]
    # an indented fragment too, reported when the promo rule is not selected
    assert [(f.code, f.line) for f in Linter(select=["NL302"]).lint_text(text)] == [("NL302", 5)]
