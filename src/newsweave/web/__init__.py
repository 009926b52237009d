"""The web app and HTTP API (``newsweave serve``)."""
from newsweave.web.app import create_app
from newsweave.web.config import ServerConfig

__all__ = ["ServerConfig", "create_app"]
