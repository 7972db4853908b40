"""Training text: Markdown written by a commissioner, made safe to store and to show, with glossary links."""

import re
from functools import lru_cache
from html import escape
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_TAG_RE
from markupsafe import Markup

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Schemes that run code or carry a whole page; render refuses every scheme outside SAFE_SCHEMES anyway.
_RUNNABLE_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "data", "file"})

# Elements whose content is code or a frame, never words to keep.
_DROP_WITH_CONTENT = re.compile(
    r"<(script|style|iframe|object|embed|noscript|template|textarea|title|xmp|noembed|noframes|svg|math)\b"
    r"[^>]*>.*?(?:</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_LEFTOVER_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->|<![A-Za-z\[][^<>]*>|<\?[^<>]*>", re.DOTALL)
# What is left that could still open a tag ("<img src=x onerror=..." never closed) is escaped instead.
_TAG_OPENER = re.compile(r"<(?=[A-Za-z/!?])")
# Markdown autolinks worth keeping: <https://...>, <mailto:...> and <someone@example.org>.
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^<>\x00-\x20]*>|<[^<>@\s:/]+@[^<>@\s]+>", re.IGNORECASE)
# Where a Markdown link or image destination starts: "](" or "]: " (a reference definition).
_DESTINATION = re.compile(
    r"(?P<lead>\]\(\s*<?\s*|^\s{0,3}\[[^\]\n]+\]:\s*<?\s*)(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)\s*:",
    re.MULTILINE,
)
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*)\s*:")

_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h2", "h3", "blockquote", "img", "br", "code"}
_CLASSES = {
    "p": "govuk-body",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "blockquote": "govuk-inset-text",
}
_NO_GLOSSARY_INSIDE = {"a", "h2", "h3", "code"}
_VOID = {"img", "br"}


def _scheme(url: str) -> str | None:
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def _is_relative(url: str) -> bool:
    """A path on our own site: no scheme, and not "//host" (which browsers read as another site)."""
    stripped = url.strip()
    return _scheme(stripped) is None and not stripped.startswith(("//", "/\\", "\\"))


def _safe_href(url: str) -> bool:
    return _scheme(url) in SAFE_SCHEMES or _is_relative(url)


def _strip_html(text: str) -> str:
    previous = None
    while previous != text:  # removing one tag can join the halves of another: repeat until nothing changes
        previous = text
        text = _DROP_WITH_CONTENT.sub("", text)
        kept = _AUTOLINK.findall(text)
        text = _AUTOLINK.sub("\x00", text)
        text = HTML_TAG_RE.sub("", text)
        text = _LEFTOVER_TAG.sub("", text)
        text = _TAG_OPENER.sub("&lt;", text)
        for autolink in kept:
            text = text.replace("\x00", autolink, 1)
    return text


def _drop_unsafe_schemes(text: str) -> str:
    def fix(match: re.Match) -> str:
        if match.group("scheme").lower() not in _RUNNABLE_SCHEMES:
            return match.group(0)
        return match.group("lead")

    previous = None
    while previous != text:
        previous = text
        text = _DESTINATION.sub(fix, text)
    return text


def clean_source(text: str) -> str:
    """The Markdown to store when someone saves: no raw HTML and no link that could run code."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return _drop_unsafe_schemes(_strip_html(text)).strip()


def _heading_levels(state) -> None:
    """The page has its own h1: a step's "# Title" shows as h2, and h4 to h6 as h3."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_LEVELS.get(token.tag, token.tag)


_HEADING_LEVELS = {"h1": "h2", "h4": "h3", "h5": "h3", "h6": "h3"}


class _Markdown(MarkdownIt):
    """CommonMark whose links and images may point only at safe places (markdown-it asks validateLink)."""

    def validateLink(self, url: str) -> bool:  # markdown-it's own name for the check
        return _safe_href(url)


_md = _Markdown("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.core.ruler.push("heading_levels", _heading_levels)


def _sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"*": set(), "a": {"href"}, "img": {"src", "alt"}},  # "*": drop the default lang/title
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        set_tag_attribute_values={tag: {"class": value} for tag, value in _CLASSES.items()},
    )


def _term_pattern(term: str) -> str:
    # A plural may sit on any word: "bids", "conflicts of interest".
    parts = [re.escape(part) + ("(?:e?s)?" if len(part) > 2 else "") for part in term.split()]
    return r"\s+".join(parts)


@lru_cache(maxsize=64)
def _glossary_pattern(terms: tuple[tuple[str, str], ...]) -> tuple[re.Pattern | None, tuple[str, ...]]:
    """One pattern for all the (term, slug) pairs, longest first, with a named group per term for its slug."""
    ordered = sorted((pair for pair in terms if pair[0].strip()), key=lambda pair: len(pair[0]), reverse=True)
    if not ordered:
        return None, ()
    groups = "|".join(f"(?P<t{index}>{_term_pattern(term)})" for index, (term, _) in enumerate(ordered))
    pattern = re.compile(r"(?<![\w-])(?:" + groups + r")(?![\w-])", re.IGNORECASE)
    return pattern, tuple(slug for _, slug in ordered)


class _Finisher(HTMLParser):
    """Re-writes sanitised HTML: checks every URL again, marks external links, and links glossary words."""

    def __init__(self, terms, glossary_url: str):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, written?) so a dropped <a> also loses its </a>
        self.pattern, self.slugs = _glossary_pattern(tuple((term.term, term.slug) for term in terms))
        self.glossary_url = glossary_url
        self.linked: set[str] = set()  # each word links once per text: the first time it appears

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        keep = tag in _TAGS and self._acceptable(tag, attrs)
        if tag not in _VOID:
            self.open.append((tag, keep))
        if not keep:
            return
        if tag == "a" and _scheme(attrs["href"]) in {"http", "https"}:
            attrs["rel"] = "noopener noreferrer"
        rendered = "".join(f' {name}="{escape(value or "", quote=True)}"' for name, value in attrs.items())
        self.out.append(f"<{tag}{rendered}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                _, written = self.open.pop(index)
                if written:
                    self.out.append(f"</{tag}>")
                return

    def handle_data(self, data):
        inside = {tag for tag, _ in self.open}
        if self.pattern is None or inside & _NO_GLOSSARY_INSIDE:
            self.out.append(escape(data, quote=False))
            return
        position = 0
        for match in self.pattern.finditer(data):
            slug = self.slugs[int(match.lastgroup[1:])]
            if slug in self.linked:
                continue
            self.linked.add(slug)
            self.out.append(escape(data[position : match.start()], quote=False))
            href = escape(f"{self.glossary_url}#{slug}", quote=True)
            word = escape(match.group(0), quote=False)
            self.out.append(f'<a class="govuk-link cp-glossary-link" href="{href}">{word}</a>')
            position = match.end()
        self.out.append(escape(data[position:], quote=False))

    @staticmethod
    def _acceptable(tag: str, attrs: dict) -> bool:
        if tag == "a":
            return bool(attrs.get("href")) and _safe_href(attrs["href"])
        if tag == "img":
            has_alt = bool((attrs.get("alt") or "").strip())
            return has_alt and bool(attrs.get("src")) and _is_relative(attrs["src"])
        return True


def render(text: str, glossary_terms=(), glossary_url: str = "") -> Markup:
    """Safe HTML for training Markdown, with GOV.UK classes and glossary words linked to the glossary page."""
    html = _sanitise(_md.render(clean_source(text)))
    finisher = _Finisher(tuple(glossary_terms), glossary_url)
    finisher.feed(html)
    finisher.close()
    return Markup("".join(finisher.out))
