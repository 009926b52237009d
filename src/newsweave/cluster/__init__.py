"""Articles into events: near-duplicates, assignment against the events held and indexed, and the repair pass."""
import lazy_loader

# The stage's public names, each loaded from its module when first used: code
# outside the stage imports these and nothing else (docs/architecture.md).
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "assign": ["StoryAssigner"],
    "dedup": ["BANDS_VERSION", "SIGNATURE_VERSION", "band_buckets", "content_hash", "signature"],
    "evidence": ["features", "name_forms"],
    "repair.driver": ["repair"],
    "relatedness": ["relatedness"],
    "repair.records": ["RegroupSettings"],
    "settings": ["AssignerSettings"],
    "state": ["AssignState"],
})
