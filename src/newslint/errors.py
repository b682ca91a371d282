"""What a run can end in: the exit codes, and the error for a command line that cannot
be run. Below cli.py, commands.py and baseline.py, which all raise or return these."""

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A command line or file that cannot be used as given: told in one line, exit 2."""
