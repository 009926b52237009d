"""The ordered stages an article passes through: read, prepare (clean, language, date,
embed), place in an event, store, and the repair pass that ends each run.

``Pipeline`` is the way in; the stage modules behind it are its own.
"""
import lazy_loader

# The stage's public names, each loaded from its module when first used: code
# outside the stage imports these and nothing else (docs/architecture.md).
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "prepare": ["StageFailure"],
    "progress": ["progress_bar"],
    "ray_workers": ["RayMissing", "RayWorkers"],
    "run": ["Pipeline", "STORE_CHUNK"],
    "watch": ["Watcher"],
})
