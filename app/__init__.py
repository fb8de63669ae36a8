"""MVK: everything that is not Qt — rules, store, services, the national file, the CLI."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mvk")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0.0.0+source"
