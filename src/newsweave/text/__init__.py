"""Text that every layer reads: digits of every script, sentences, names in every script and the places they name."""
