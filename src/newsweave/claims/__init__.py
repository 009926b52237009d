"""What articles claim: numbers with what they count, and quoted statements."""
