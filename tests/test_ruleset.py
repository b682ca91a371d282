"""Rule files: validation with file:line messages, user folders, selection."""

import textwrap

import pytest

from newslint.ruleset import RuleError, load_rules

GOOD = """\
code: X101
name: shouting-word
kind: pattern
regex: '\\b[A-Z]{5,}\\b'
category: capitalization
severity: info
message: "'{match}' is written in capitals"
description: Words in capitals shout.
examples:
  bad: ["The MAYOR spoke."]
  good: ["The mayor spoke."]
"""


def write(folder, name, text):
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, line, words", [
    (("severity: info", "severity: info\ncolour: red"), 7, "unknown key 'colour'"),
    (("kind: pattern", "kind: patern"), 3, "unknown kind 'patern'"),
    (("regex: '\\b[A-Z]{5,}\\b'", "regex: '[A-Z'"), 4, "bad regex"),
    (("severity: info", "severity: loud"), 6, "severity must be"),
    (("code: X101", "code: x-101"), 1, "must look like NL101"),
    (("name: shouting-word", "name: Shouting Word"), 2, "kebab-case"),
    (("category: capitalization", "category: style"), 5, "unknown category"),
    (("message: \"'{match}' is written in capitals\"", "message: \"{wrong}\""), 7, "unknown field"),
    (("  good: [\"The mayor spoke.\"]\n", ""), 9, "examples.good"),
    (("severity: info", "severity: [info]"), 6, "must be a string"),
    (("severity: info", "severity: info\nseverity: error"), 7, "duplicate key"),
])
def test_bad_rule_files_name_file_and_line(tmp_path, change, line, words):
    path = write(tmp_path / "pack", "rule.yaml", GOOD.replace(*change))
    with pytest.raises(RuleError) as err:
        load_rules([path.parent])
    assert str(err.value).startswith(f"{path}:{line}:")
    assert words in str(err.value)


def test_invalid_yaml_is_reported_with_its_line(tmp_path):
    path = write(tmp_path / "pack", "rule.yaml", GOOD + "examples: [unclosed\n")
    with pytest.raises(RuleError, match=r"rule.yaml:1\d: invalid YAML"):
        load_rules([path.parent])


def test_duplicate_codes_across_files(tmp_path):
    write(tmp_path / "pack", "a.yaml", GOOD)
    write(tmp_path / "pack", "b.yaml", GOOD.replace("shouting-word", "other-name"))
    with pytest.raises(RuleError, match="'X101' is already used by .*a.yaml"):
        load_rules([tmp_path / "pack"])


def test_user_rule_folder_through_the_cli(cli, tmp_path, isolated):
    write(tmp_path / "pack", "rule.yaml", GOOD)
    article = tmp_path / "a.txt"
    article.write_text("The MAYOR spoke to reporters on Tuesday.\n", encoding="utf-8")
    proc = cli("check", article, "--rules", tmp_path / "pack", "--select", "X1", "--output-format", "concise")
    assert proc.returncode == 0, proc.stderr  # info is below the default fail-on
    assert "a.txt:1:5: X101 [info] 'MAYOR' is written in capitals" in proc.stdout
    assert cli("test-rules", tmp_path / "pack").returncode == 0


def test_broken_rule_file_exits_2_without_traceback(cli, tmp_path, isolated):
    path = write(tmp_path / "pack", "rule.yaml", GOOD.replace("kind: pattern", "kind: nope"))
    proc = cli("check", "--rules", tmp_path / "pack", "-")
    assert proc.returncode == 2
    assert f"{path}:3: unknown kind 'nope'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_every_builtin_rule_has_examples_and_passes_them(cli):
    proc = cli("test-rules")
    assert proc.returncode == 0, proc.stdout
    assert "all pass" in proc.stdout
