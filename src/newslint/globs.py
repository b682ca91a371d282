"""Path patterns: `exclude`, `per-file-ignores`, and the .gitignore files of a folder walk.

A pattern without a slash names a file or folder at any depth (`drafts`, `*.tmp.txt`;
`drafts/` only folders). One with a slash is a .gitignore-style glob (`archive/*.txt`,
`wire/**`) relative to the folder of the config file that sets it, or to the working
folder for `--exclude`. Settings anchor such globs once, when they are read (`anchor`),
so that a path matches the same way whether it is typed relative, absolute, or from a
subfolder.

pathspec (about 30 ms to import) is loaded only when a glob or a .gitignore is used.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

# folders never walked into: version control, dependencies, caches
SKIPPED_FOLDERS = {".git", ".hg", ".svn", "node_modules", "__pycache__", "site-packages"}


def anchor(pattern: str, base: Path | str) -> str:
    """The pattern as settings keep it: a name pattern as written, a glob made absolute."""
    if "/" not in pattern.rstrip("/"):
        return pattern
    anchored = os.path.normpath(os.path.join(base, pattern))
    return anchored + "/" if pattern.endswith("/") else anchored


def absolute(path: str | Path) -> str:
    """A path as globs are matched: absolute, normalised, without following symlinks."""
    return os.path.abspath(path)


class Globs:
    """A set of anchored patterns (see `anchor`); `match` says whether a path is covered.
    Name patterns look at the path's file and folder names below `base` (the config
    file's folder), or at its file name only when it lies elsewhere."""

    def __init__(self, patterns: list[str], base: Path | str | None = None):
        self.base = absolute(base or os.curdir)
        self.names = [p for p in patterns if "/" not in p.rstrip("/")]
        anchored = [p for p in patterns if p not in self.names]
        self.spec = None
        if anchored:
            from pathspec import PathSpec

            # an anchored glob matches the path from the root: "/a/b/*.txt" against "a/b/c.txt"
            self.spec = PathSpec.from_lines("gitwildmatch", anchored)

    def __bool__(self) -> bool:
        return bool(self.names or self.spec)

    def match(self, path: str | Path, is_dir: bool = False) -> bool:
        """Whether the path, or (for name patterns) one of its folders, is covered."""
        if not self:
            return False
        full = absolute(path)
        if self.spec is not None and self.spec.match_file(full.lstrip("/") + ("/" if is_dir else "")):
            return True
        if not self.names:
            return False
        inside = _inside(full, self.base) and full != self.base
        parts = Path(os.path.relpath(full, self.base)).parts if inside else (os.path.basename(full),)
        last = len(parts) - 1
        return any(fnmatch.fnmatch(part, name.rstrip("/"))
                   for index, part in enumerate(parts)
                   for name in self.names
                   if not name.endswith("/") or index < last or is_dir)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def is_virtualenv(folder: Path) -> bool:
    # os.path.isfile, not Path.is_file: a folder that cannot be listed is no virtualenv,
    # and the walk reports it
    return os.path.isfile(folder / "pyvenv.cfg")


class GitIgnore:
    """The .gitignore rules that apply inside a folder: those of its parents up to the
    repository's root (and .git/info/exclude), then each folder's own as a walk reaches it.
    The deepest file that has a matching pattern decides, as in git."""

    def __init__(self, specs: list[tuple[str, object]]):
        self.specs = specs  # (folder, GitIgnoreSpec), outermost first

    @classmethod
    def above(cls, folder: Path) -> "GitIgnore":
        """The rules in force at `folder` (its own .gitignore included)."""
        full = Path(absolute(folder))
        chain = [full]
        for parent in full.parents:
            if (chain[-1] / ".git").exists():
                break
            chain.append(parent)
        else:  # not in a repository: only the folder's own .gitignore files count
            chain = [full]
        root = chain[-1]
        specs = [spec for spec in [_spec(root, root / ".git" / "info" / "exclude")] if spec]
        ignore = cls(specs)
        for step in reversed(chain):
            ignore = ignore.entering(step)
        return ignore

    def entering(self, folder: Path) -> "GitIgnore":
        """The rules inside `folder`: these plus its .gitignore, if it has one."""
        spec = _spec(folder, folder / ".gitignore")
        return GitIgnore(self.specs + [spec]) if spec else self

    def ignored(self, path: Path, is_dir: bool) -> bool:
        full = absolute(path)
        for folder, spec in reversed(self.specs):
            if not _inside(full, folder) or full == folder:
                continue
            result = spec.check_file(os.path.relpath(full, folder) + ("/" if is_dir else ""))
            if result.include is not None:
                return result.include
        return False


def _spec(folder: Path, file: Path):
    try:
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    from pathspec import GitIgnoreSpec

    spec = GitIgnoreSpec.from_lines(lines)
    return (absolute(folder), spec) if len(spec) else None
