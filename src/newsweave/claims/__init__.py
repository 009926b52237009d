"""What articles claim: numbers with what they count, and quoted statements."""
import lazy_loader

# The stage's public names, each loaded from its module when first used: code
# outside the stage imports these and nothing else (docs/architecture.md).
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "compare": ["compare_claims"],
    "numbers": ["format_value"],
    "quotes": ["statements"],
})
