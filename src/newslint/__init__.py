"""newslint: a linter for scraped news text.

    >>> from newslint import lint_text
    >>> [f.code for f in lint_text("Read more\\n")]
"""

__version__ = "0.1.0"

from .api import Linter, fix_text, lint_records, lint_text  # noqa: E402

__all__ = ["Linter", "fix_text", "lint_records", "lint_text", "__version__"]
