"""Renderers of stories: plain text for the terminal, HTML parts, and the static HTML report."""
