"""`suppression`: newslint-disable comments that silence nothing.

The engine finds them: it applies the comments after every rule has run (see
suppression.py), and reports the unused ones under the rule of this kind, which gives
them a code, a severity and a page (`newslint rule NL002`) like any other finding.
"""

from __future__ import annotations

from . import Kind


class UnusedSuppression(Kind):
    name = "suppression"
    doc = ("Reports `newslint-disable` comments that silence no finding. The engine applies the "
           "comments once every rule has run and reports the unused ones for this rule.")
    late = True  # its examples need the findings of the other rules

    def check(self, doc):
        return iter(())
