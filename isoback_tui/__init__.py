"""isoback: a keyboard-driven terminal coach for isometric low-back exercise."""

# The one place the version is written; pyproject.toml reads it from here.
__version__ = "0.1.0"
