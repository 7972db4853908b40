"""Training Markdown: nothing typed can run, pages look like GOV.UK, hard words link to the glossary."""

from html.parser import HTMLParser

import pytest

from panel.core.markdown import clean_source, render
from panel.training.pack import GlossaryTerm, load_pack

GLOSSARY_URL = "/rounds/7/training/glossary"
TERMS = (
    GlossaryTerm("bid", "bid", "What a group sends in."),
    GlossaryTerm("criterion", "criterion", "One thing to look for."),
    GlossaryTerm("criteria", "criteria", "The things to look for."),
    GlossaryTerm("conflict of interest", "conflict-of-interest", "A link to a bid."),
    GlossaryTerm("consensus", "consensus", "Agreeing as a group."),
)
ALLOWED = {
    "p": {"class"},
    "ul": {"class"},
    "ol": {"class"},
    "li": set(),
    "strong": set(),
    "em": set(),
    "a": {"href", "class", "rel"},
    "h2": {"class"},
    "h3": {"class"},
    "blockquote": {"class"},
    "img": {"src", "alt"},
    "br": set(),
    "code": set(),
}

ATTACKS = {
    "script tag": "Hello <script>alert(1)</script> there",
    "script split to rebuild itself": "<scr<script>x</script>ipt>alert(1)</script>",
    "event handler": '<img src="x.png" onerror="alert(1)"> and <p onclick="alert(1)">hi</p>',
    "event handler in a broken tag": "<img src=x onerror=alert(1)",
    "quoted angle in attribute": '<img alt=">" onerror="alert(1)" src=x>',
    "javascript link": "[click me](javascript:alert(1))",
    "javascript link in capitals with spaces": "[click me](  JaVaScRiPt:alert(1))",
    "javascript autolink": "<javascript:alert(1)>",
    "javascript reference link": "[click me][x]\n\n[x]: javascript:alert(1)",
    "javascript link with an entity": "[click me](&#x6A;avascript:alert(1))",
    "vbscript link": "[click me](vbscript:msgbox(1))",
    "raw html anchor": '<a href="javascript:alert(1)">click me</a>',
    "raw html block": '<div style="position:fixed">\n\nHi\n\n</div>',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "object and embed": '<object data="x.swf"></object><embed src="x.swf">',
    "style tag": "<style>body{display:none}</style>",
    "svg with script": "<svg><script>alert(1)</script></svg>",
    "html comment": "<!-- <script>alert(1)</script> -->",
    "data link": "[see](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data image": "![a picture](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "form": '<form action="https://evil.example"><input name="password"></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "link title and image title": '[a](/x "title") ![b](/y.png "title")',
    "attribute spread over lines": "<img\nsrc=x\nonerror=alert(1)\n>",
    "entity-made tag": "<IMG SRC=j&#X41vascript:alert(1)>",
    "unclosed comment": "Hi <!-- <script>alert(1)</script>",
    "tab inside the scheme": "[x](java&#x09;script:alert(1)) [y](<java\tscript:alert(1)>)",
}


class _Tags(HTMLParser):
    """Every element and attribute in a piece of HTML, as the browser would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(str(html))
    parser.close()
    return parser.tags


def _urls(html: str) -> list[str]:
    return [attrs.get(name) or "" for _, attrs in tags(html) for name in ("href", "src") if name in attrs]


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_nothing_that_could_run_survives_render(attack):
    html = render(attack, TERMS, GLOSSARY_URL)
    for tag, attrs in tags(html):
        assert tag in ALLOWED, (tag, html)
        assert set(attrs) <= ALLOWED[tag], (tag, attrs, html)
    for url in _urls(html):
        assert not url.lower().lstrip().startswith(("javascript:", "vbscript:", "data:")), html
    assert "<script" not in html.lower() and "<iframe" not in html.lower()


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_nothing_that_could_run_survives_clean_source(attack):
    stored = clean_source(attack)
    assert tags(stored) == [], stored
    lowered = stored.lower()
    for danger in ("<script", "<iframe", "<img", "javascript:", "vbscript:", "data:"):
        assert danger not in lowered, (danger, stored)


def test_clean_source_keeps_markdown_and_words():
    source = (
        "## Heading\n\nSome **bold** and *soft* words, 5 > 3 and 2 < 4.\n\n"
        "> A quote\n\n- one\n- two\n\n1. first\n\n"
        "[a link](https://example.org/page) <https://example.org>\n\n"
        "![A chart](/static/images/chart.png)\n\n`code`"
    )
    assert clean_source(source) == source


def test_clean_source_keeps_the_words_around_html_it_removes():
    assert clean_source("Be <b>bold</b>, be <i>kind</i>.<br>") == "Be bold, be kind."
    assert clean_source("Hi <script>alert(1)</script>there") == "Hi there"
    assert clean_source("Line one\r\nLine two\x00") == "Line one\nLine two"


def test_clean_source_escapes_a_tag_that_is_never_closed_and_keeps_the_words():
    assert clean_source("a<b, x <3 y") == "a&lt;b, x <3 y"
    assert clean_source("Hi <img src=x onerror=alert(1)") == "Hi &lt;img src=x onerror=alert(1)"
    shown = str(render("Hi <img src=x onerror=alert(1)")).strip()
    assert shown == '<p class="govuk-body">Hi &lt;img src=x onerror=alert(1)</p>'


def test_raw_html_is_not_shown_as_html():
    html = render("Hello <b>you</b> <marquee>hi</marquee>")
    assert tags(html) == [("p", {"class": "govuk-body"})]
    assert "Hello you hi" in html


def test_headings_lists_and_paragraphs_get_govuk_classes():
    html = render("## Big\n\n### Small\n\nText\n\n- a\n- b\n\n1. one\n2. two\n\n> aside")
    found = [(tag, attrs.get("class")) for tag, attrs in tags(html)]
    assert ("h2", "govuk-heading-m") in found
    assert ("h3", "govuk-heading-s") in found
    assert ("p", "govuk-body") in found
    assert ("ul", "govuk-list govuk-list--bullet") in found
    assert ("ol", "govuk-list govuk-list--number") in found
    assert ("blockquote", "govuk-inset-text") in found


def test_heading_levels_fit_under_the_page_title():
    found = [(tag, attrs.get("class")) for tag, attrs in tags(render("# Huge\n\n#### Tiny\n\n###### Tinier"))]
    assert found == [("h2", "govuk-heading-m"), ("h3", "govuk-heading-s"), ("h3", "govuk-heading-s")]


def test_a_table_is_not_let_through():
    html = render("<table><tr><td>x</td></tr></table>\n\n| a | b |\n|---|---|")
    assert {tag for tag, _ in tags(html)} == {"p"}


@pytest.mark.parametrize(
    ("source", "href", "rel"),
    [
        ("[site](https://example.org/a)", "https://example.org/a", "noopener noreferrer"),
        ("[site](http://example.org/a)", "http://example.org/a", "noopener noreferrer"),
        ("<https://example.org/b>", "https://example.org/b", "noopener noreferrer"),
        ("[mail us](mailto:panel@example.org)", "mailto:panel@example.org", None),
        ("[our page](/rounds/1)", "/rounds/1", None),
        ("[next](next-step)", "next-step", None),
    ],
)
def test_links_look_like_govuk_links_and_external_ones_are_marked(source, href, rel):
    links = [attrs for tag, attrs in tags(render(source)) if tag == "a"]
    assert links == [{"href": href, "class": "govuk-link", **({"rel": rel} if rel else {})}]


@pytest.mark.parametrize(
    "source",
    [
        "[other site](//evil.example/x)",
        "[ftp](ftp://example.org/file)",
        "[tel](tel:0123)",
        "[file](file:///etc/x)",
    ],
)
def test_links_to_other_kinds_of_address_are_not_made(source):
    assert [tag for tag, _ in tags(render(source))] == ["p"]


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ("![A chart of the money](/static/images/chart.png)", True),
        ("![A chart](images/chart.png)", True),
        ("![](/static/images/chart.png)", False),
        ("![A chart](https://evil.example/chart.png)", False),
        ("![A chart](//evil.example/chart.png)", False),
        ("![A chart](data:image/png;base64,AAAA)", False),
    ],
)
def test_images_come_only_from_our_own_site_and_need_alt_text(source, kept):
    images = [attrs for tag, attrs in tags(render(source)) if tag == "img"]
    if kept:
        assert len(images) == 1 and images[0]["alt"]
        assert not images[0]["src"].startswith(("http", "//", "data"))
    else:
        assert all(not image["src"].startswith(("http", "//", "data")) for image in images)
        assert all(image["alt"] for image in images)


def _glossary_links(html) -> list[tuple[str, str]]:
    return [
        (attrs["href"], attrs["class"])
        for tag, attrs in tags(html)
        if tag == "a" and "cp-glossary-link" in attrs.get("class", "")
    ]


def _linked_words(html) -> list[str]:
    words = []

    class Words(HTMLParser):
        inside = False

        def handle_starttag(self, tag, attrs):
            self.inside = tag == "a" and "cp-glossary-link" in dict(attrs).get("class", "")

        def handle_endtag(self, tag):
            self.inside = False

        def handle_data(self, data):
            if self.inside:
                words.append(data)

    Words().feed(str(html))
    return words


@pytest.mark.parametrize(
    ("word", "slug"),
    [
        ("bid", "bid"),
        ("bids", "bid"),
        ("Bid", "bid"),
        ("BIDS", "bid"),
        ("criterion", "criterion"),
        ("criteria", "criteria"),
        ("Criteria", "criteria"),
        ("conflict of interest", "conflict-of-interest"),
        ("Conflicts of interest", "conflict-of-interest"),
        ("conflict\nof interest", "conflict-of-interest"),
        ("consensus", "consensus"),
    ],
)
def test_glossary_words_link_to_the_glossary_in_any_form(word, slug):
    html = render(f"Here is a {word}, see.", TERMS, GLOSSARY_URL)
    assert _glossary_links(html) == [(f"{GLOSSARY_URL}#{slug}", "govuk-link cp-glossary-link")]
    assert " ".join(_linked_words(html)[0].split()) == " ".join(word.split())


def test_each_glossary_word_links_the_first_time_it_appears_in_a_text():
    """Linking every "bid" on a phone screen is noise; the first one, in each step, is enough to find the meaning."""
    html = render(
        "A bid, two bids and a consensus about each bid.\n\nMore about bids and consensus.",
        TERMS,
        GLOSSARY_URL,
    )
    assert _linked_words(html) == ["bid", "consensus"]
    assert html.count("two bids") == 1 and "each bid." in html


@pytest.mark.parametrize(
    "source",
    [
        "Biddable, forbid, bidding, a bid-writer, abid and bidx are not the word.",
        "## About each bid\n\n### Bids and criteria",
        "[Read the bid](/rounds/1/bids) and [bids](https://example.org/bids)",
        "Type `bid` in the box.",
    ],
)
def test_glossary_words_are_not_linked_inside_other_words_headings_links_or_code(source):
    assert _glossary_links(render(source, TERMS, GLOSSARY_URL)) == []


def test_headings_and_links_keep_their_words_when_glossary_links_are_skipped():
    html = render("## Each bid\n\n[the bid](/x) then a bid", TERMS, GLOSSARY_URL)
    assert "Each bid</h2>" in html
    assert '<a href="/x" class="govuk-link">the bid</a>' in html
    assert _linked_words(html) == ["bid"]


def test_glossary_links_do_not_let_text_turn_into_html():
    html = render("A bid &lt;script&gt; and 3 < 4 & 5 > 2", TERMS, GLOSSARY_URL)
    assert [tag for tag, _ in tags(html)] == ["p", "a"]
    assert "&lt;script&gt;" in html and "&amp;" in html


def test_a_glossary_url_cannot_break_out_of_its_attribute():
    html = render("A bid", TERMS, '/x" onmouseover="alert(1)')
    ((_, attrs),) = [(tag, attrs) for tag, attrs in tags(html) if tag == "a"]
    assert set(attrs) == {"class", "href"}


def test_without_glossary_terms_nothing_is_linked():
    assert _glossary_links(render("A bid", (), GLOSSARY_URL)) == []


def test_each_step_of_the_shipped_pack_links_its_glossary_words():
    pack = load_pack()
    first = pack.steps[0]
    html = render(first.body, pack.glossary, GLOSSARY_URL)
    assert f"{GLOSSARY_URL}#commissioning" in {href for href, _ in _glossary_links(html)}
    for step in pack.steps:
        rendered = render(step.body, pack.glossary, GLOSSARY_URL)
        assert rendered.startswith("<"), step.slug
        assert all(tag in ALLOWED for tag, _ in tags(rendered)), step.slug


def test_render_returns_markup_that_jinja_will_not_escape_again():
    from markupsafe import Markup

    assert isinstance(render("Hi"), Markup)
    assert render("") == ""
    assert render(None) == ""
