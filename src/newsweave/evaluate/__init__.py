"""Measuring the engine against labelled data: stories (BCubed), story pairs (Pearson), search,
clutter removal and titles, and entities."""
import lazy_loader

# The stage's public names, each loaded from its module when first used: code
# outside the stage imports these and nothing else (docs/architecture.md).
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "corpus": ["benchmark", "evaluate_corpus"],
    "entities": ["evaluate_dev_set_entities"],
    "extraction": ["evaluate_dev_set", "evaluate_zyte"],
    "pairs": ["evaluate_pairs"],
})
