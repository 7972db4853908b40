"""What the browser tests check on a page: axe-core's WCAG 2.2 AA rules and best practice, reflow at 360 px,
the heading on a phone's first screen, visible focus."""

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.2 A and AA, and axe-core's best practices (landmarks, one main heading, and the like).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"360": PHONE, "1280": DESKTOP}

# A moderate or minor finding that is allowed, by axe-core rule, and why. A critical or serious finding is never
# allowed. Keep this list short and say each one on the accessibility page (templates/core/accessibility.html).
ALLOWED: dict[str, str] = {}

_axe = Axe()


def axe_violations(page) -> list[dict]:
    """axe-core's findings on the page as it is now: WCAG 2.2 A and AA and best practice, except those ALLOWED."""
    found = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    return [
        violation
        for violation in found
        if violation["impact"] in ("critical", "serious") or violation["id"] not in ALLOWED
    ]


def describe_violations(violations: list[dict]) -> str:
    """One paragraph per rule: what is wrong, how bad, and up to three elements that break it."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:3]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            messages = [check["message"] for check in node["any"] + node["all"] + node["none"]]
            if messages:
                lines.append(f"       {messages[0]}")
        if len(violation["nodes"]) > 3:
            lines.append(f"    ... and {len(violation['nodes']) - 3} more")
    return "\n".join(lines)


# On a 360x640 phone a page's main heading starts this near the top, so the first screen is the page, not the
# header (the site menu folds behind "Menu"; reading help sits after the heading).
HEADING_WITHIN = 200


HEADING_TOP = """() => {
  const h1 = document.querySelector("main h1") || document.querySelector("h1");
  if (!h1) return null;
  // GOV.UK's caption (the round's title above a page's heading) is read as part of the heading.
  const before = h1.previousElementSibling;
  const caption = before && /\\bgovuk-caption-(xl|l|m)\\b/.test(before.className) ? before : null;
  // A form sent back with errors starts with GOV.UK's error summary, and a page after an action with the banner
  // saying what happened: the page then starts with that, and the heading follows it.
  const first = document.querySelector("main .govuk-error-summary, main .govuk-notification-banner");
  return (first || caption || h1).getBoundingClientRect().top + window.scrollY;
}"""


def heading_top(page) -> float | None:
    """How far down the page its main heading (the first h1, with the caption right above it; or the error summary
    or the notification banner before it) starts, in CSS pixels; None if it has none."""
    return page.evaluate(HEADING_TOP)


def signed_in_as(page) -> str:
    """Who the header says is signed in, as one line ("Signed in as Zoe · Your account"): on a phone "Signed in as"
    is there for screen readers only, and a browser's innerText then breaks the line after it."""
    return " ".join(page.inner_text(".cp-signed-in").split())


def fits_width(page) -> bool:
    """True if the page needs no sideways scrolling (WCAG 1.4.10 reflow)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


OVERFLOWING = """() => {
  const wide = (e) => e.getBoundingClientRect().right > window.innerWidth + 0.5;
  return [...document.querySelectorAll("body *")]
    .filter((e) => wide(e) && ![...e.children].some(wide))
    .slice(0, 3)
    .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}"> ${e.innerText.trim().slice(0, 40)}`);
}"""


def overflowing(page) -> list[str]:
    """The innermost elements that stick out past the right edge of the window (at most three)."""
    return page.evaluate(OVERFLOWING)


FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const root = getComputedStyle(document.documentElement);
  const hex = root.getPropertyValue("--govuk-focus-colour").trim() || "#ffdd00";
  const full = hex.length === 4 ? "#" + [...hex.slice(1)].map((c) => c + c).join("") : hex;
  const rgb = [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16));
  const focusColour = `rgb(${rgb.join(", ")})`;
  // GOV.UK radios and checkboxes hide the real input and draw the focus ring round the label's box.
  const style = ["radio", "checkbox"].includes(e.type) && e.labels && e.labels.length
    ? getComputedStyle(e.labels[0], "::before") : getComputedStyle(e);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const outline = outlined ? style.outlineColor : "";
  return {
    tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute("name") || "", type: e.type || "",
    href: e.getAttribute("href") || "", checked: !!e.checked,
    value: e.value === undefined ? "" : String(e.value),
    text: (e.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 120),
    indicator: [outline, style.boxShadow, style.backgroundColor].some((value) => value.includes(focusColour)),
  };
}"""


def focused(page) -> dict | None:
    """What has the keyboard focus (None for the page itself), and whether it shows the focus colour."""
    return page.evaluate(FOCUSED)


def assert_visible_focus(page) -> None:
    element = focused(page)
    assert element is not None, "nothing has the keyboard focus"
    assert element["indicator"], f"no focus indicator (the focus colour round or behind it): {element}"


def tab_to(page, matches, *, backwards: bool = False, limit: int = 80) -> dict:
    """Press Tab (or Shift+Tab) until the focused element satisfies matches(element); return that element."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        element = focused(page)
        if element is not None and matches(element):
            return element
        seen.append(element and (element["tag"], element["id"] or element["name"] or element["text"]))
    raise AssertionError(f"never reached the element by keyboard; focus went through {seen}")


def typed(page, text: str) -> None:
    """Type into the focused field one key at a time, as a person would."""
    page.keyboard.type(text)
