"""isoback: a keyboard-driven terminal coach for isometric low-back exercise."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("isoback")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
