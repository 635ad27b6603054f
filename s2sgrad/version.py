"""The version of s2sgrad (a module of its own: the pipeline reads it without importing the package)."""

__version__ = "0.1.0"
