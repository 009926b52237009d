"""The web app and HTTP API (``newsweave serve``)."""
from .app import create_app
from .config import ServerConfig

__all__ = ["ServerConfig", "create_app"]
