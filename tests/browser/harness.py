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


def section_pages(project: Path) -> dict[str, list[str]]:
    """Every page of a built project by what made it: each section's kind, and 'content'.

    The sections come from the publication file through the engine's registry of page kinds,
    so a kind added there is here too, with no list to keep up to date. Each kind is run
    again on the project's (cached) data; paths are of the built site (.html).
    """
    import dataclasses

    from generator.cache import Store
    from generator.config import load_config
    from generator.content import load_content
    from generator.markdown import environment
    from generator.model import Page
    from generator.sitedata import load_site_data
    from generator.validate import validate_paths

    config = load_config(project)
    store = Store(config.build_dir / ".cache")
    validation = validate_paths([config.datasets], config.root, store)
    data = load_site_data(config, validation, store)
    data = dataclasses.replace(data, content=load_content(data))
    env = environment(config.template_folders)
    made: dict[str, list[str]] = {}
    for section in config.publication.sections:
        kind = config.publication.kinds[section.kind]
        made.setdefault(section.kind, []).extend(
            html_path(o.path) for o in kind.render(data, env, section.options)
            if isinstance(o, Page))
    made["content"] = [html_path(page.relative) for page in data.content.pages]
    return {kind: sorted(set(paths)) for kind, paths in made.items() if paths}


def html_path(markdown_path: str) -> str:
    """Where MkDocs (use_directory_urls: false) publishes a Markdown page."""
    return markdown_path.removesuffix(".md") + ".html"


def page_shape(path: str) -> str:
    """A path with its folders below the first and its file name (but index) as '*'."""
    parts = path.removesuffix(".html").split("/")
    head, *middle, last = parts if len(parts) > 1 else ["", parts[0]]
    return "/".join([p for p in [head] if p] + ["*"] * len(middle) +
                    [last if last == "index" or not head else "*"])


def every_page_kind(project: Path) -> dict[str, str]:
    """One page of every kind of page the project's sections make: label -> path.

    A section's pages are grouped by their place in the site (page_shape: a dataset page
    and a table page of the dataset kind differ), and each group gives one page: the one
    PAGE_KINDS names for it if any, else the first in sorted order. The label is the kind,
    with the shape when a kind makes pages of more than one shape.
    """
    preferred = [pattern for patterns in PAGE_KINDS.values() for pattern in patterns
                 if "*" not in pattern]
    found: dict[str, str] = {}
    for kind, paths in section_pages(project).items():
        groups: dict[str, list[str]] = {}
        for path in paths:
            groups.setdefault(page_shape(path), []).append(path)
        for shape, members in sorted(groups.items()):
            label = kind if len(groups) == 1 else f"{kind} {shape}"
            found[label] = next((p for p in preferred if p in members), members[0])
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


def measure_in_view(page, count: str, scroll_to: str, measure: str) -> list[dict]:
    """`measure` (a script taking n) of each of the `count` boxes on the loaded page, taken a
    moment after `scroll_to` brought box n into view, as a reader meets it (away from the screen
    a chart is not laid out: opendata.css content-visibility); a Python-side wait, so it also
    works with JavaScript off. Back at the top afterwards."""
    found = []
    for number in range(page.evaluate(count)):
        page.evaluate(scroll_to, number)
        page.wait_for_timeout(100)
        found.append(page.evaluate(measure, number))
    page.evaluate("() => window.scrollTo(0, 0)")
    return found
