"""What the browser tests check on a page: axe-core's WCAG 2.2 AA rules, reflow at 360 px, visible focus."""

import re

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"360": PHONE, "1280": DESKTOP}

_axe = Axe()


def _govuk_conditional_reveal(violation: dict, node: dict) -> bool:
    """GOV.UK Frontend puts aria-expanded on radios and checkboxes that reveal more questions, on purpose:
    screen readers announce it, though ARIA does not list it for those roles (alphagov/govuk-frontend#979)."""
    checks = node["any"] + node["all"] + node["none"]
    return (
        violation["id"] == "aria-allowed-attr"
        and re.search(r'class="govuk-(radios|checkboxes)__input"', node["html"]) is not None
        and bool(checks)
        and all("aria-expanded" in check["message"] for check in checks)
    )


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it is now."""
    violations = []
    for violation in _axe.run(page, options=AXE_OPTIONS).response["violations"]:
        nodes = [node for node in violation["nodes"] if not _govuk_conditional_reveal(violation, node)]
        if nodes:
            violations.append({**violation, "nodes": nodes})
    return violations


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
