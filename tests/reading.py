"""Reading level of what a young person sees: the words on a page, measured offline with textstat."""

import re
from html.parser import HTMLParser

from panel.core.reading_level import reading_grade, use_offline_dictionary  # noqa: F401  (one measure for all)

_BLOCKS = {"p", "li", "h1", "h2", "h3", "label", "legend", "dt", "dd", "button", "a", "summary", "span"}
# Tables hold data (references, amounts), not sentences, so they are not measured as prose.
_SKIPPED = {"script", "style", "header", "footer", "nav", "table"}


class _Words(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.skipping = [""], 0

    def handle_starttag(self, tag, attrs):
        self.skipping += tag in _SKIPPED
        if tag in _BLOCKS:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self.skipping -= tag in _SKIPPED
        self.blocks.append("")

    def handle_data(self, data):
        if not self.skipping:
            self.blocks[-1] += data


def page_text(html: str) -> str:
    """The main content's words, each block (paragraph, item, label, button) read as its own sentence."""
    main = re.search(r"<main.*?</main>", html, re.DOTALL)
    parser = _Words()
    parser.feed(main.group(0) if main else html)
    blocks = (" ".join(block.split()) for block in parser.blocks)
    return " ".join(b if b[-1] in ".?!:" else b + "." for b in blocks if b)


def grade(text: str) -> float:
    """The text's Flesch-Kincaid grade, as the commissioner's reading-level hint measures it."""
    measured = reading_grade(text)
    return 0.0 if measured is None else measured
