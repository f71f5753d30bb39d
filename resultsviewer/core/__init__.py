"""The tally core: contests, counting methods, edits and file formats. No Qt here."""

from __future__ import annotations

from .contest import Axis, Candidate, Category, Contest, Declared, DeclaredShare, Method, Status, TieBreak
from .errors import ContestError, CountError, EditError, LoadError, SaveError
from .tally import Discrepancy, Share, ShareBase, Tally

__all__ = [
    "Axis",
    "Candidate",
    "Category",
    "Contest",
    "ContestError",
    "CountError",
    "Declared",
    "DeclaredShare",
    "Discrepancy",
    "EditError",
    "LoadError",
    "Method",
    "SaveError",
    "Share",
    "ShareBase",
    "Status",
    "Tally",
    "TieBreak",
]
