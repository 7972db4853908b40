"""Every page passes axe-core's WCAG 2.2 AA rules and its best practice on a phone and on a desktop, reflows at
360 px with its heading on the first screen, and loads nothing from other sites; so do the error pages and a
form showing its errors."""

from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import (
    HEADING_WITHIN,
    VIEWPORTS,
    axe_violations,
    describe_violations,
    fits_width,
    heading_top,
    overflowing,
)
from tests.browser.pages import page_checks

pytestmark = pytest.mark.browser

CHECKS = page_checks()


def _problems(visit, viewport: str) -> list[str]:
    """Everything wrong with the page now open, in words a developer can act on."""
    problems = []
    violations = axe_violations(visit.page)
    if violations:
        problems.append(
            f"axe-core found {len(violations)} rule(s) broken (WCAG 2.2 A/AA or best practice):\n"
            + describe_violations(violations)
        )
    if viewport == "360" and not fits_width(visit.page):
        width = visit.page.evaluate("document.documentElement.scrollWidth")
        problems.append(
            f"the page scrolls sideways at 360 px (it is {width} px wide); sticking out: "
            + "; ".join(overflowing(visit.page))
        )
    if viewport == "360":
        top = heading_top(visit.page)
        if top is None:
            problems.append("the page has no h1")
        elif top > HEADING_WITHIN:
            problems.append(f"on a phone its heading starts {top:.0f} px down (at most {HEADING_WITHIN})")
    foreign = visit.foreign_requests()
    if foreign:
        problems.append("it loads things from other sites: " + ", ".join(foreign))
    return problems


def _assert_no_problems(visit, viewport: str, what: str) -> None:
    problems = _problems(visit, viewport)
    assert not problems, f"{what} at {viewport} px:\n" + "\n".join(problems)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("check", CHECKS, ids=[check.id for check in CHECKS])
def test_page_is_accessible(check, viewport, open_page, shared_page, demo):
    visit = (open_page if check.needs_own_session else shared_page)(check.viewer, VIEWPORTS[viewport])
    path = check.path(demo)
    response = check.open(visit, demo)
    what = f"GET {path} ({check.endpoint}) {'as ' + check.viewer if check.viewer else 'signed out'}"
    assert response.status == 200, f"{what} answered {response.status}: is VIEWERS in pages.py right for it?"
    content_type = response.headers.get("content-type", "")
    assert content_type.startswith("text/html"), f"{what} sent a {content_type} file: add it to NOT_PAGES"
    landed = urlsplit(visit.page.url).path
    assert landed == path, f"{what} went on to {landed}"
    _assert_no_problems(visit, viewport, what)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_page_not_found_is_accessible(viewport, open_page):
    visit = open_page(None, VIEWPORTS[viewport])
    response = visit.goto("/no-such-page")
    assert response.status == 404
    assert "Page not found" in visit.page.inner_text("h1")
    _assert_no_problems(visit, viewport, "the 404 page")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_forbidden_page_is_accessible(viewport, shared_page):
    visit = shared_page("aisha", VIEWPORTS[viewport])
    response = visit.goto("/rounds/")
    assert response.status == 403
    _assert_no_problems(visit, viewport, "the 403 page")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_broken_join_link_page_is_accessible(viewport, open_page):
    visit = open_page(None, VIEWPORTS[viewport])
    response = visit.goto("/join/not-a-real-link")
    assert response.status == 404
    assert "This link doesn't work" in visit.page.inner_text("h1")
    _assert_no_problems(visit, viewport, "the broken join link page")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_form_with_errors_is_accessible(viewport, open_page):
    visit = open_page(None, VIEWPORTS[viewport])
    visit.goto("/login")
    with visit.page.expect_navigation():
        visit.page.click("main form[method=post] button[type=submit]")
    assert "Enter your username" in visit.page.inner_text(".govuk-error-summary")
    assert visit.page.title().startswith("Error: ")
    assert visit.page.evaluate("document.activeElement.classList.contains('govuk-error-summary')"), (
        "the error summary should take the focus, so a screen reader reads it first"
    )
    _assert_no_problems(visit, viewport, "the sign-in form with errors")
