"""The wheel carries the rule packs: built, installed in a fresh environment, run from elsewhere."""

import subprocess
import sys
import venv

import pytest

from conftest import EXAMPLE, ROOT


@pytest.mark.slow
def test_wheel_installs_and_lints_outside_the_source_tree(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = dist.glob("newslint-*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True,
                   capture_output=True, cwd=tmp_path)
    article = tmp_path / "article.txt"
    article.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.run([str(env_dir / "bin" / "newslint"), "article.txt", "--output-format", "concise"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "article.txt:2:1: NL101" in proc.stdout
    rules = subprocess.run([str(env_dir / "bin" / "newslint"), "test-rules"], capture_output=True, text=True,
                           cwd=tmp_path)
    assert rules.returncode == 0 and "all pass" in rules.stdout
    # the rule reference travels with the wheel: the language server's diagnostics link to it
    reference = subprocess.run([str(python), "-c", "from newslint.docs import reference_file; "
                                "print(reference_file().resolve())"], capture_output=True, text=True, cwd=tmp_path)
    assert reference.stdout.strip().startswith(str(env_dir)) and "## NL101 repeated-headline" in \
        open(reference.stdout.strip(), encoding="utf-8").read()
