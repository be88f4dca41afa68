"""A real headless Chromium for the view tests and the benchmark.

Debian's ``chromium`` driven by Playwright's Python package (its own browser
download is not used).  Pages are served over http from 127.0.0.1 so that
any request a page makes is seen, and one outside the page's origin is a
failure.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")  # Debian's package
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def executable() -> str | None:
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


def unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not executable():
        return f"no Chromium at {CHROMIUM} or on PATH (apt-get install chromium fonts-wqy-zenhei)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright)"
    return None


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@contextmanager
def launch():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable(), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(folder: Path):
    """Serve ``folder`` on a free port of 127.0.0.1; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Visit:
    """A page opened in the browser, with what happened while it loaded."""
    page: object
    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def foreign_requests(self) -> list[str]:
        origin = urlsplit(self.url)[:2]
        return [u for u in self.requests if urlsplit(u)[:2] != origin]


def visit(browser, url: str, *, ready: bool = True, timeout: float = 60_000, viewport=(1400, 900)) -> Visit:
    """Open ``url`` in a new page; wait until the view has settled."""
    v = open_page(browser, url, viewport=viewport)
    if ready:
        wait_ready(v, timeout)
    return v


def open_page(browser, url: str, viewport=(1400, 900)) -> Visit:
    """Open ``url`` in a new page, recording console errors and requests,
    without waiting for the view to settle: several pages can settle at once."""
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    v = Visit(page, url)
    page.on("console", lambda m: m.type in ("error", "warning") and v.errors.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: v.errors.append(f"page error: {e}"))
    page.on("request", lambda r: v.requests.append(r.url))
    page.goto(url)
    return v


def wait_ready(v: Visit, timeout: float = 60_000) -> Visit:
    """Wait until the page's view has settled.

    The page marks that on <html data-kg-ready> as well as window.__kgReady;
    the attribute is waited for because the pages' Content-Security-Policy
    forbids the eval that Playwright's wait_for_function needs.
    """
    v.page.wait_for_selector("html[data-kg-ready]", state="attached", timeout=timeout)
    return v
