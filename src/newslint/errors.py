"""What a run can end in: the exit codes, the error for a command line that cannot be
run, and the one for a run that cannot go on. Below cli.py, commands.py, baseline.py and
runner.py, which all raise or return these."""

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A command line or file that cannot be used as given: told in one line, exit 2."""


class RunError(Exception):
    """A run that cannot go on (a worker process lost): told in one line, exit 2."""
