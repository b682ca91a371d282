"""newslint: a linter for scraped news text.

    >>> from newslint import lint_text
    >>> [f.code for f in lint_text("Read more\\n")]

The API names are imported on first use (PEP 562), so that `newslint --version` and the
command line's start do not pay for the rules engine.
"""

__version__ = "0.2.0"

__all__ = ["Linter", "fix_text", "lint_records", "lint_text", "__version__"]


def __getattr__(name: str):
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'newslint' has no attribute {name!r}")
