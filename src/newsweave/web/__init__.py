"""The web app and HTTP API (``newsweave serve``)."""
import lazy_loader

# The stage's public names, each loaded from its module when first used: code
# outside the stage imports these and nothing else (docs/architecture.md).
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "app": ["create_app"],
    "config": ["ServerConfig", "allowed_hosts_for", "resolve_token", "token_file"],
    "protocol": ["deadline_protocol"],
})
