"""Static files reach a phone compressed, under fingerprinted names it may keep a year; pages are never kept."""

import gzip
import os
import re
import shutil
import time
from pathlib import Path

import brotli
import pytest

from panel.core import static_files
from panel.core.static_files import StaticFiles

STATIC = Path(static_files.__file__).resolve().parents[2] / "static"
FINGERPRINTED = re.compile(r"/static/(?P<name>[^\"']+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[a-z]+)")


def _addresses(html: str) -> dict[str, str]:
    """Each static file a page asks for: its name under static/ -> the address the page uses."""
    found = {}
    for match in FINGERPRINTED.finditer(html):
        found[f"{match['name']}{match['suffix']}"] = match.group(0)
    return found


@pytest.fixture
def sign_in_page(client) -> dict[str, str]:
    response = client.get("/login")
    assert response.status_code == 200
    return _addresses(response.get_data(as_text=True))


def test_a_page_asks_for_its_stylesheet_icons_and_scripts_under_fingerprinted_names(client, sign_in_page):
    html = client.get("/login").get_data(as_text=True)
    assert {
        "css/copanel.min.css",
        "images/favicon.svg",
        "images/favicon.ico",
        "images/apple-touch-icon.png",
        "vendor/govuk-frontend/govuk-frontend.min.js",
    } <= set(sign_in_page)
    # No page names a file without its fingerprint, so nothing it loads is sent again and again.
    assert not re.search(r"/static/[^\"']+(?<!\.[0-9a-f]{12})\.(css|js|svg|ico|png)[\"']", html)
    # GOV.UK Frontend's module is imported from its fingerprinted address, in the script this request's nonce
    # allows.
    module = sign_in_page["vendor/govuk-frontend/govuk-frontend.min.js"]
    assert re.search(
        rf'<script type="module" nonce="[^"]+">\s*import {{ initAll }} from "{re.escape(module)}"', html
    )


def test_the_fingerprint_is_the_content_s_so_a_changed_file_gets_a_new_address(client, sign_in_page):
    for name, address in sign_in_page.items():
        content = (STATIC / name).read_bytes()
        assert client.get(address, headers={"Accept-Encoding": ""}).data == content, name


@pytest.mark.parametrize(
    ("asks", "gets", "decode"),
    [
        ("br", "br", brotli.decompress),
        ("gzip, deflate, br, zstd", "br", brotli.decompress),  # what Chromium asks for
        ("gzip", "gzip", gzip.decompress),
        ("", None, lambda data: data),
    ],
)
def test_text_files_come_compressed_as_the_browser_asks(client, sign_in_page, asks, gets, decode):
    for name in ("css/copanel.min.css", "vendor/govuk-frontend/govuk-frontend.min.js", "images/favicon.svg"):
        response = client.get(sign_in_page[name], headers={"Accept-Encoding": asks})
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") == gets, name
        assert response.headers["Vary"] == "Accept-Encoding"
        assert decode(response.data) == (STATIC / name).read_bytes(), name
    stylesheet = client.get(sign_in_page["css/copanel.min.css"], headers={"Accept-Encoding": asks})
    if gets:
        # The stylesheet is most of what a page loads: compressed, it is a small part of its size.
        assert len(stylesheet.data) < (STATIC / "css/copanel.min.css").stat().st_size / 5


def test_fingerprinted_files_are_kept_a_year_and_pages_never(client, sign_in_page):
    for name, address in sign_in_page.items():
        response = client.get(address)
        cache = response.headers["Cache-Control"]
        assert "max-age=31536000" in cache and "immutable" in cache, name
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    page = client.get("/login")
    assert page.headers["Cache-Control"] == "no-store"  # pages hold people's data: never kept anywhere


def test_an_address_without_a_fingerprint_still_works_but_is_checked_each_time(client):
    response = client.get("/static/css/copanel.min.css")
    assert response.status_code == 200
    assert response.data == (STATIC / "css/copanel.min.css").read_bytes()
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_an_unknown_fingerprint_is_a_plain_not_found_page(client):
    response = client.get("/static/css/copanel.min.0123456789ab.css")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "immutable" not in response.headers.get("Cache-Control", "")


@pytest.fixture
def folders(tmp_path) -> tuple[Path, Path]:
    source = tmp_path / "static"
    (source / "js").mkdir(parents=True)
    (source / "src" / "node_modules").mkdir(parents=True)
    (source / "js" / "app.js").write_text("console.log('first version');\n" * 50)
    (source / "src" / "copanel.scss").write_text("// a build source, not served\n")
    (source / "README.md").write_text("# not served\n")
    return source, tmp_path / "cache"


def test_build_sources_are_not_served_and_small_gains_are_not_kept(folders):
    source, cache = folders
    (source / "tiny.txt").write_text("a")
    manifest = StaticFiles(source, cache).build()
    assert set(manifest) == {"js/app.js", "tiny.txt"}
    digest = manifest["js/app.js"].split(".")[-2]
    assert manifest["js/app.js"] == f"js/app.{digest}.js"
    assert {path.name for path in (cache / "js").iterdir()} == {
        f"app.{digest}.js",
        f"app.{digest}.js.gz",
        f"app.{digest}.js.br",
    }
    assert sorted(path.name for path in cache.iterdir() if path.is_file()) == [manifest["tiny.txt"]]


def test_a_page_opened_before_a_change_still_gets_its_files_for_a_week(folders):
    source, cache = folders
    first = StaticFiles(source, cache).build()["js/app.js"]
    (source / "js" / "app.js").write_text("console.log('second version');\n" * 50)
    second = StaticFiles(source, cache).build()["js/app.js"]
    assert first != second
    assert (cache / first).read_text().startswith("console.log('first version')")
    assert (cache / second).read_text().startswith("console.log('second version')")
    a_week_ago = time.time() - static_files.KEEP_OLD_FOR - 60
    for path in (cache / "js").iterdir():
        os.utime(path, (a_week_ago, a_week_ago))
    StaticFiles(source, cache).build()
    assert sorted(path.name for path in (cache / "js").iterdir()) == sorted(
        Path(second + suffix).name for suffix in ("", ".br", ".gz")
    ), "the old version goes after a week; the current one stays, however old"


def test_with_the_debugger_on_an_edited_file_gets_its_new_address_without_a_restart(folders):
    source, cache = folders
    files = StaticFiles(source, cache, refresh=True)
    files.build()
    before = files.url_name("js/app.js")
    (source / "js" / "app.js").write_text("console.log('edited');\n" * 50)
    os.utime(source / "js" / "app.js", ns=(time.time_ns() + 10**9,) * 2)
    after = files.url_name("js/app.js")
    assert after != before and (cache / after).read_text().startswith("console.log('edited')")
    assert files.url_name("js/missing.js") == "js/missing.js"


def test_the_app_serves_files_fingerprinted_by_an_earlier_start(app, tmp_path):
    """A second process (or a restart) finds what the first one wrote, and old versions too."""
    from panel import create_app

    cache = tmp_path / "cache"
    shutil.copytree(app.config["STATIC_CACHE_DIR"], cache)
    (cache / "js" / "meeting.aaaaaaaaaaaa.js").write_text("// an earlier version\n")
    restarted = create_app({**app.config, "STATIC_CACHE_DIR": str(cache)}, instance_path=app.instance_path)
    response = restarted.test_client().get("/static/js/meeting.aaaaaaaaaaaa.js")
    assert response.status_code == 200 and response.data == b"// an earlier version\n"
    assert "immutable" in response.headers["Cache-Control"]
