"""dialoog: a guided self-assessment of integrity and network awareness."""

__version__ = "0.1.0"
