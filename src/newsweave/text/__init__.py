"""Text that every layer reads: digits of every script, sentences, names in every script and the places they name."""
import lazy_loader

# The stage's public names, each loaded from its module when first used: code
# outside the stage imports these and nothing else (docs/architecture.md).
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, ["names", "places"], submod_attrs={
    "dates.label": ["article_date_label", "day_number"],
    "dates.parse": ["date_part", "parse_date"],
    "dates.resolve": ["resolve_date"],
    "digits": ["to_ascii_digits"],
    "forms": ["ARABIC_ALEF_FORMS", "name_forms"],
    "language": ["LanguageIdentifier"],
    "lexicon": ["all_function_words", "function_words", "never_a_name"],
    "places": ["place_of_demonym"],
    "sentences": ["split_sentences"],
})
