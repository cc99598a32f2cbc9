"""backlint: an open-source link-profile auditor.

The library lives in three packages that follow the data: ``crawler`` (discover,
fetch, parse, store), ``grading`` (pure scoring) and ``dashboard`` (presentation).
This package holds what they share: settings, the error tree and the command line.
"""

__version__ = "0.1.0"
