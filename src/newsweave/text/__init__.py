"""Text that any layer reads: names in every script and the places they name."""
