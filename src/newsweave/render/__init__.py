"""Renderers of stories: plain text for the terminal, HTML parts, and the static HTML report."""
import lazy_loader

# The stage's public names, each loaded from its module when first used: code
# outside the stage imports these and nothing else (docs/architecture.md).
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "charts": ["sparkline_svg", "timeline_svg"],
    "html": ["Links", "STYLE", "badges", "safe_href", "span_label", "story_sections", "storyline_block",
             "storyline_context", "storyline_sections", "text_dir", "text_html", "view_heading"],
    "report": ["write_report"],
    "text": ["render_storyline_text", "render_view_text"],
})
