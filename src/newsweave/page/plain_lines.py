"""An HTML page as plain lines, the way a naive "save as text" keeps it.

Cleaning reads the dates a page prints (its header, its byline) from these
lines, since the extractor keeps only the article; the extraction benchmark
uses them to score the plain-text path on real pages.
"""
from __future__ import annotations

_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article", "header",
           "footer", "nav", "aside", "blockquote", "figcaption", "ul", "ol", "table", "main", "form", "title"}


def page_as_text(html: str) -> str:
    """A page as a naive "save as text" gives it: each block on a line, scripts and styles left out.

    >>> page_as_text("<nav><a>Home</a> <a>World</a></nav><h1>Title</h1><p>One <b>two</b>.</p>")
    'Home World\\nTitle\\nOne two.'
    """
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises several types on broken markup
        return ""
    for dropped in root.xpath("//script|//style|//noscript|//template|//svg"):
        dropped.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
    return "\n".join(" ".join(line.split()) for line in root.text_content().split("\n") if line.strip())
