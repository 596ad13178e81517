"""Shared helpers of the browser tests: open a page and collect every error it reports."""

from __future__ import annotations

from typing import Any

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def open_page(browser: Any, url: str, width: int = 1280, height: int = 800,
              reduced_motion: bool = False, bypass_csp: bool = False) -> tuple[Any, list[str]]:
    """A new page at ``url`` (waits for the page module to mount); errors collected in a list.

    The list gathers uncaught exceptions, console errors and failed requests; a test
    asserts it is empty at the end. A request the page itself aborted (``net::ERR_ABORTED``:
    a newer setting replaced it, Stop was pressed, or the test navigated away while it was
    in flight) is not a failure and is left out. ``bypass_csp`` lets a test inject a script
    (the accessibility audit's axe-core), which the pages' Content-Security-Policy refuses.
    """
    page = browser.new_page(viewport={"width": width, "height": height},
                            reduced_motion="reduce" if reduced_motion else "no-preference",
                            bypass_csp=bypass_csp)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED"
            else errors.append(f"failed: {r.url} {r.failure}"))
    response = page.goto(url)
    assert response is not None and response.status == 200
    return page, errors


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the window (0 or less: no sideways scroll)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
"""The axe-core tags of WCAG 2.0 and 2.1, levels A and AA."""

AXE_RUN = """async tags => {
  const result = await axe.run(document, { runOnly: { type: "tag", values: tags },
                                           resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
  }));
}"""


def axe_violations(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on ``page`` as it is now.

    The page must have been opened with ``bypass_csp=True`` (the script is injected).
    """
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    found: list[dict[str, Any]] = page.evaluate(AXE_RUN, WCAG_AA)
    return found


def violations_text(found: list[dict[str, Any]]) -> str:
    """The violations one per line: rule, impact, and each element with axe's summary."""
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {n['target']}: {' '.join(str(n['summary']).split())}" for n in v["nodes"])
    return "\n".join(lines)
