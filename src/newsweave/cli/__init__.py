"""The ``newsweave`` command."""
from newsweave.cli.main import main

__all__ = ["main"]
