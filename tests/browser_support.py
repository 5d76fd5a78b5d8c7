"""Helpers for the browser tests: Debian's Chromium, a local server, axe-core.

The browser is Debian's ``chromium`` package, started by Playwright with
``executable_path``; Playwright never downloads a browser here. The built
site is served by ``http.server`` on 127.0.0.1 with an ephemeral port.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("DOSSIER_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None. In CI they always run (and fail without a browser)."""
    if CHROMIUM.exists() or os.environ.get("CI"):
        return None
    return f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run the browser tests; with CI set they fail instead"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve folder at http://127.0.0.1:<free port>/ in a background thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@dataclass
class PageWatch:
    """Everything that went wrong while a page was open: console errors, failed and foreign requests."""

    base: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def attach(self, page) -> "PageWatch":
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(f"{message.text} ({message.location.get('url')})"))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("requestfailed", self._request_failed)
        page.on("response", lambda response: response.status >= 400 and self.failed_requests.append(f"{response.url}: HTTP {response.status}"))
        return self

    def _request_failed(self, request) -> None:
        # A request the browser cancels (a preview fetch still running when the
        # reader follows the link) is not a fault; a missing file answers 404,
        # which the response handler records.
        if request.failure in (None, "", "net::ERR_ABORTED"):
            return
        self.failed_requests.append(f"{request.url}: {request.failure}")

    def guard(self, context) -> None:
        """Abort and record any request that would leave 127.0.0.1."""
        def route(route):
            url = route.request.url
            if urlsplit(url).hostname == "127.0.0.1":
                route.continue_()
            else:
                self.foreign_requests.append(url)
                route.abort()
        context.route("**/*", route)

    def problems(self) -> list[str]:
        return (
            [f"console error: {e}" for e in self.console_errors]
            + [f"page error: {e}" for e in self.page_errors]
            + [f"failed request: {e}" for e in self.failed_requests]
            + [f"request to another host: {e}" for e in self.foreign_requests]
        )


def axe_source() -> str:
    """axe-core's axe.min.js, as bundled in the pinned axe-playwright-python wheel."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def run_axe(page, source: str, within: str | None = None) -> list[dict]:
    """axe-core's violations on the page as it is now, or within one element (every rule axe runs by default)."""
    # evaluate() runs outside the page's CSP, which would refuse an injected <script>.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)
    result = page.evaluate(
        "async (within) => await axe.run(within ? document.querySelector(within) : document, {resultTypes: ['violations']})",
        within,
    )
    return result["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} node(s)]")
        for node in v["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:] if node.get('failureSummary') else ''}")
    return "\n".join(lines)


# ------------------------------------------------------------------ the built site's page types

def _first_page(output: Path, folder: str, prefer: tuple[str, ...] = ()) -> str | None:
    base = output / folder
    if not base.is_dir():
        return None
    pages = sorted(p.parent.name for p in base.glob("*/index.html"))
    for name in prefer:
        if name in pages:
            return f"{folder}/{name}/"
    return f"{folder}/{pages[0]}/" if pages else None


def page_types(output: Path) -> dict[str, str | None]:
    """Site-relative path of one page of each type, None where this build has none."""
    def page(path: str) -> str | None:
        return path if (output / path / "index.html").is_file() or (path == "" and (output / "index.html").is_file()) else None

    return {
        "home": page(""),
        "article": _first_page(output, "articles"),
        "actors": page("actors/"),
        "actor": _first_page(output, "actors", prefer=("hamas", "ibrahim-kalin", "turkiye")),
        "proposals": page("proposals/"),
        "proposal": _first_page(output, "proposals"),
        "compare": page("compare/"),
        "chronology": page("chronology/"),
        "sources": page("sources/"),
        "search": page("search/"),
        "chronology month": _first_page(output, "chronology"),
        "briefing": page("briefing/"),
        "editors": page("editors/"),
    }


PREVIEWABLE = re.compile(r"(?:^|/)(?:articles/[^/#]+/(?:index\.html)?#p\d+|(?:actors|proposals)/[^/#]+/(?:index\.html)?)$")


def actor_named(output: Path, needle: str) -> dict | None:
    """The actor of dossier.json whose name or an alias contains needle, if the export has actors."""
    export = json.loads((output / "dossier.json").read_text(encoding="utf-8"))
    for actor in export.get("actors", []):
        names = [actor.get("name", "")] + list(actor.get("aliases", []))
        if any(needle.casefold() in name.casefold() for name in names):
            return actor
    return None
