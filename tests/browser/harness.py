"""What the browser tests and `make screenshots` share: find Chromium, serve a site, page kinds."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

PREFIX = "/jjm/"  # the site is served under a sub-path, as on a real host
CHROMIUM_ENV = "CHROMIUM"  # set to a Chromium binary to use another one
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
# Flags for a closed network: without the background-networking ones Chromium keeps trying to
# reach Google's hosts. Playwright's launch() adds --headless and a fresh --user-data-dir.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
# axe-core findings below serious, printed in pytest's terminal summary for review.
A11Y_FINDINGS: list[str] = []
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}

# Each page kind and where a representative page of it is, as globs in the built site (the
# first match, in sorted order, is used; a wildcard never matches index.html). A kind with no
# match is skipped, saying so.
PAGE_KINDS: dict[str, tuple[str, ...]] = {
    "home": ("index.html",),
    "about": ("about.html",),
    "catalog": ("data/index.html",),
    "dataset": ("data/jjm-coverage/index.html",),
    "resource": ("data/jjm-coverage/national_timeseries.html",),
    "coverage": ("coverage/index.html",),
    "state": ("coverage/states/bihar.html", "coverage/states/*.html"),
    "partners": ("partners/index.html",),
    "livelihoods": ("livelihoods/index.html",),
    "updates": ("updates/index.html",),
    "update": ("updates/*.html",),
    "update-tags": ("updates/tags/index.html",),
    "update-tag": ("updates/tags/*.html",),
    "releases": ("releases/index.html",),
    # Only for packages with a village-level resource (none in datasets/ yet).
    "districts": ("districts/index.html",),
    "district-state": ("districts/*/*.html",),
    "district": ("districts/*/*/*.html",),
}


def find_chromium() -> str | None:
    """The Chromium binary to drive: $CHROMIUM, else Debian's, else one on PATH; None if none."""
    wanted = os.environ.get(CHROMIUM_ENV)
    for candidate in ((wanted,) if wanted else CHROMIUM_CANDIDATES):
        path = shutil.which(candidate)
        if path:
            return path
    return None


def no_chromium_reason() -> str:
    """Why the browser tests cannot run here, for pytest's summary."""
    looked = os.environ.get(CHROMIUM_ENV) or ", ".join(CHROMIUM_CANDIDATES)
    return (f"no Chromium found (looked for {looked}); install Debian's chromium package "
            f"(.ci/run does) or set ${CHROMIUM_ENV}")


def page_kinds(site: Path) -> dict[str, str]:
    """The page kinds present in a built site: kind -> path of its representative page."""
    found = {}
    for kind, patterns in PAGE_KINDS.items():
        for pattern in patterns:
            matches = sorted(p for p in site.glob(pattern) if p.is_file() and not (
                p.name == "index.html" and "*" in pattern.rsplit("/", 1)[-1]))
            if matches:
                found[kind] = matches[0].relative_to(site).as_posix()
                break
    return found


def missing_reason(kind: str) -> str:
    """The skip reason for a page kind that is not in the built site."""
    return (f"page kind {kind!r} is not in the built site (no page matching "
            f"{' or '.join(PAGE_KINDS[kind])}): it has not landed, or no data has such pages")


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site folder under PREFIX; anything else, and folder listings, are 404."""

    site: Path

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, directory=str(self.site), **kwargs)

    def send_head(self):
        path = urlsplit(self.path).path
        if not path.startswith(PREFIX):
            self.send_error(404, "outside the site")
            return None
        self.path = "/" + self.path[len(PREFIX):]
        return super().send_head()

    def list_directory(self, path):
        self.send_error(404, "no folder listings")
        return None

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: pytest shows failures, not every request


@contextlib.contextmanager
def serve_site(site: Path) -> Iterator[str]:
    """Serve `site` on a free loopback port; yields the base URL (ending in PREFIX)."""
    handler = type("SiteHandler", (_SiteHandler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch(playwright, executable: str):
    """Headless Chromium for these tests (one per session; a fresh profile each launch)."""
    return playwright.chromium.launch(executable_path=executable, headless=True,
                                      args=CHROMIUM_ARGS)


@dataclass
class Recorder:
    """Everything a page (and its workers) asked for, and every error it reported."""

    origin: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        """Requests to any host but the local server."""
        return [url for url in self.requests if not is_local(url, self.origin)]

    def faults(self) -> list[str]:
        """Everything wrong so far, one line each: outside requests, failures, console errors."""
        return ([f"request to another host: {url}" for url in self.outside()] +
                [f"failed request: {line}" for line in self.failed] + self.console_errors)

    def assert_clean(self) -> None:
        """Fail with one line per fault, if there is any."""
        faults = self.faults()
        assert not faults, "\n".join(faults)

    def attach(self, page) -> None:
        """Record every request, failure and console error of one page (and its workers)."""
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("response", lambda response: response.status >= 400 and self.failed.append(
            f"{response.status} {unquote(response.url)}"))
        # ERR_ABORTED: the page navigated away while the request was in flight; not a fault.
        page.on("requestfailed", lambda request: is_local(request.url, self.origin) and
                "ERR_ABORTED" not in (request.failure or "") and
                self.failed.append(f"{request.failure} {unquote(request.url)}"))
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(
            f"console error on {unquote(page.url)}: {message.text} "
            f"(at {unquote(message.location.get('url', ''))}:{message.location.get('lineNumber')})"))
        page.on("pageerror", lambda error: self.console_errors.append(
            f"uncaught exception on {unquote(page.url)}: {error}"))


def refuse_outside(context, origin: str) -> None:
    """Abort a context's requests to other hosts (pages record them first): nothing waits on them."""
    context.route(lambda url: not is_local(url, origin), lambda route: route.abort())


def is_local(url: str, origin: str) -> bool:
    """True for the local server and for URLs that name no host (data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return f"{parts.scheme}://{parts.netloc}" == origin


def origin_of(base_url: str) -> str:
    """scheme://host:port of a URL."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"
