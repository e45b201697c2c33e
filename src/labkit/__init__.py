"""labkit: the course's one importable package (labs, graders, trainer tools)."""

__version__ = "0.1.0"
