"""`make lighthouse`: Lighthouse on one page of every page kind, served with gzip; bench/LIGHTHOUSE.md.

    .venv/bin/python bench/lighthouse.py [--project DIR] [--only LABEL ... | --page PATH ...]

It builds the project into a temporary copy (site/ is left alone), serves the site on loopback
under /jjm/ with gzip for text types (as any real host does), and runs Lighthouse 12.2.3 (npm,
installed on first use into bench/.lighthouse/, which git ignores) in Debian's Chromium,
headless, with its default mobile profile (a Moto G Power on a simulated slow 4G link), one
page at a time. The pages are one of each kind the publication's sections make
(tests/browser/harness.every_page_kind), and the Hindi counterparts of home, a dataset page,
coverage and a State page (OTHER_LANGUAGES); --page runs given paths instead. Scores, failing
audits and the first-view transfer of each page go to bench/lighthouse.json, and a table to
bench/LIGHTHOUSE.md.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "browser")]

from harness import CHROMIUM_ARGS, PREFIX, every_page_kind, find_chromium  # noqa: E402
from sitebuild import build, make_project  # noqa: E402

VERSION = "12.2.3"
INSTALL = HERE / ".lighthouse"
CLI = INSTALL / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# Lighthouse's own flags plus ours for a closed network (see harness.CHROMIUM_ARGS).
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS]
# Compressed when the browser accepts gzip, as GitHub Pages and other static hosts do.
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml",
              "application/xml", "application/atom+xml")
GZIP_LEVEL = 6  # what nginx and most hosts use
# Pages in the publication's other languages, each its own row (label -> path), run when built.
OTHER_LANGUAGES = {"home (hi)": "hi/index.html",
                   "dataset data/*/index (hi)": "hi/data/jjm-coverage/index.html",
                   "coverage (hi)": "hi/coverage/index.html",
                   "states (hi)": "hi/coverage/states/bihar.html"}


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves the site under PREFIX, text types gzipped; anything else, and listings, are 404."""

    site: Path

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, directory=str(self.site), **kwargs)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if not path.startswith(PREFIX):
            self.send_error(404, "outside the site")
            return
        local = Path(self.translate_path("/" + path[len(PREFIX):]))
        if local.is_dir():
            local = local / "index.html"
        if not local.is_file() or self.site.resolve() not in local.resolve().parents:
            self.send_error(404, "not in the site")
            return
        body = local.read_bytes()
        kind = self.guess_type(str(local))
        headers = {"Content-Type": kind, "Cache-Control": "max-age=600"}
        if kind.startswith(TEXT_TYPES) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, GZIP_LEVEL, mtime=0)
            headers |= {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def list_directory(self, path):
        self.send_error(404, "no folder listings")
        return None

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_gzip(site: Path) -> Iterator[str]:
    """Serve `site` gzipped on a free loopback port; yields the base URL (ending in PREFIX)."""
    handler = type("Handler", (GzipHandler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def install() -> None:
    """npm-install the pinned Lighthouse into bench/.lighthouse/ unless it is there."""
    if CLI.is_file():
        return
    INSTALL.mkdir(exist_ok=True)
    print(f"lighthouse: installing lighthouse@{VERSION} into {INSTALL.relative_to(ROOT)}/",
          file=sys.stderr)
    subprocess.run(["npm", "i", "-E", "--no-audit", "--no-fund", "--loglevel=error",
                    f"lighthouse@{VERSION}"], cwd=INSTALL, check=True)


def command(url: str, output: Path) -> list[str]:
    """The Lighthouse command line for one page (mobile is Lighthouse's default profile)."""
    return ["node", str(CLI), url, "--output=json", f"--output-path={output}", "--quiet",
            f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
            "--throttling-method=simulate", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]


def run_one(url: str, chromium: str, work: Path) -> dict:
    """Lighthouse's report of one page, as JSON."""
    output = work / "report.json"
    output.unlink(missing_ok=True)
    subprocess.run(command(url, output), check=True, env={**os.environ, "CHROME_PATH": chromium})
    return json.loads(output.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    """Scores (0-100), the failing audits of each category and the page's transfer size."""
    audits = report["audits"]
    scores, failing = {}, {}
    for name in CATEGORIES:
        category = report["categories"][name]
        scores[name] = round(category["score"] * 100) if category["score"] is not None else None
        failing[name] = sorted(
            ref["id"] for ref in category["auditRefs"]
            if ref.get("weight", 0) > 0 and audits[ref["id"]].get("score") is not None
            and audits[ref["id"]]["score"] < 1)
    # Performance audits that weigh nothing themselves but say where the time goes.
    hints = sorted(ref["id"] for ref in report["categories"]["performance"]["auditRefs"]
                   if not ref.get("weight") and audits[ref["id"]].get("score") is not None
                   and audits[ref["id"]]["score"] < 0.9
                   and audits[ref["id"]].get("scoreDisplayMode") != "informative")
    requests = audits["network-requests"]["details"]["items"]
    return {
        "scores": scores, "failing": failing, "performance_hints": hints,
        "transfer_bytes": int(audits["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "largest": sorted(({"url": urlsplit(r["url"]).path.removeprefix(PREFIX),
                            "transfer_bytes": r.get("transferSize", 0)}
                           for r in requests), key=lambda r: -r["transfer_bytes"])[:3],
        "metrics": {key: round(audits[key]["numericValue"]) for key in (
            "first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
            "speed-index") if audits[key].get("numericValue") is not None}
        | {"cumulative-layout-shift": round(audits["cumulative-layout-shift"]["numericValue"], 3)},
    }


def settings(report: dict) -> dict:
    """The date-free settings of a run: versions, profile, throttling."""
    config = report["configSettings"]
    return {"lighthouse": report["lighthouseVersion"],
            "chromium": report["environment"]["hostUserAgent"].split("Chrome/")[-1].split()[0],
            "form_factor": config["formFactor"], "throttling_method": config["throttlingMethod"],
            "throttling": config["throttling"], "screen": config["screenEmulation"],
            "chrome_flags": CHROME_FLAGS, "served": f"loopback, gzip level {GZIP_LEVEL} "
            f"for text types ({', '.join(TEXT_TYPES)})"}


def markdown(results: dict[str, dict], run: dict, command: str) -> str:
    """bench/LIGHTHOUSE.md: the table, the home page's transfer, what fails, how it was made."""
    rows = ["| page kind | page | performance | accessibility | best practices | SEO "
            "| FCP / LCP | TBT | transfer |", "|---|---|--:|--:|--:|--:|--:|--:|--:|"]
    for label, result in results.items():
        scores = result["scores"]
        cells = [f"{scores[name]}" + ("" if scores[name] is not None and
                                      scores[name] >= TARGETS[name] else " (below target)")
                 for name in CATEGORIES]
        metrics = result["metrics"]
        paint = (f"{metrics.get('first-contentful-paint', 0) / 1000:.1f} / "
                 f"{metrics.get('largest-contentful-paint', 0) / 1000:.1f} s")
        rows.append(f"| {label} | `{result['path']}` | {' | '.join(cells)} | {paint} "
                    f"| {metrics.get('total-blocking-time', 0) / 1000:.1f} s "
                    f"| {result['transfer_bytes'] / 1000:.1f} KB |")
    failing = [f"- {label}: " + "; ".join(
        [f"{name}: {', '.join(ids)}" for name, ids in result["failing"].items() if ids] +
        ([f"(performance hints: {', '.join(result['performance_hints'])})"]
         if result["performance_hints"] else []))
        for label, result in results.items() if any(result["failing"].values())]
    home = results.get("home")
    lines = ["# Lighthouse", "",
             "Written by `make lighthouse` (bench/lighthouse.py): Lighthouse on one page of "
             "every page kind of the built site, served with gzip on loopback, mobile profile. "
             f"Targets: performance {TARGETS['performance']}+, accessibility, best practices "
             "and SEO 100.", "", *rows, ""]
    if home:
        biggest = ", ".join(f"`{r['url']}` {r['transfer_bytes'] / 1000:.1f} KB"
                            for r in home["largest"])
        lines += [f"First view of the home page: {home['transfer_bytes'] / 1000:.1f} KB "
                  f"transferred in {home['requests']} requests (largest: {biggest}).", ""]
    lines += ["Failing audits (Lighthouse audit ids, by category):", "",
              *(failing or ["- none"]), "",
              f"Command: `{command}`", "",
              "Performance is the one CPU-bound category: Lighthouse's simulated throttling "
              "replays the tasks it saw with a 4x CPU slowdown, so on a busy machine (the load "
              f"average was {run.get('load_average_before', '?')} when this run started"
              + (f" and {run['load_average_after']} when it ended"
                 if "load_average_after" in run else "") +
              f", on {os.cpu_count()} cores) total blocking time (TBT) and with it the score are "
              "worse than on a quiet one; FCP, LCP and the transfer depend on bytes and "
              "requests and move less. Rerun on a quiet machine before reading the "
              "performance scores as the site's.", "",
              "Settings:", "",
              "```json", json.dumps(run, indent=2, sort_keys=True), "```", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Build (or take a built site), serve, run Lighthouse page by page, write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="a built project (its site/ is used)")
    parser.add_argument("--only", nargs="*", default=None, help="page kind labels to run")
    parser.add_argument("--page", nargs="*", default=None,
                        help="site paths to run instead of the page kinds (one row each)")
    parser.add_argument("--no-results", action="store_true", help="print, write nothing")
    parser.add_argument("--rewrite", action="store_true",
                        help="only write bench/LIGHTHOUSE.md again from bench/lighthouse.json")
    args = parser.parse_args(argv)
    if args.rewrite:
        saved = json.loads((HERE / "lighthouse.json").read_text(encoding="utf-8"))
        (HERE / "LIGHTHOUSE.md").write_text(markdown(
            saved["pages"], saved["settings"], saved.get("command", "make lighthouse")), "utf-8")
        return 0
    chromium = find_chromium()
    if chromium is None:
        print("lighthouse: no Chromium found (install Debian's chromium)", file=sys.stderr)
        return 1
    install()
    with tempfile.TemporaryDirectory(prefix="jjm-lighthouse-") as tmp:
        project = args.project
        if project is None:
            project = make_project(Path(tmp) / "project")
            result = build(project)
            if not result.published:
                for problem in result.problems:
                    print(problem.format(), file=sys.stderr)
                return 1
        kinds = every_page_kind(project) | {
            label: path for label, path in OTHER_LANGUAGES.items()
            if (project / "site" / path).is_file()}
        if args.page:
            kinds = {path: path for path in args.page}
        elif args.only:
            kinds = {label: path for label, path in kinds.items() if label in args.only}
        results: dict[str, dict] = {}
        run: dict = {}
        load = os.getloadavg()[0]
        with serve_gzip(project / "site") as base:
            for label, path in kinds.items():
                print(f"lighthouse: {label}: {path}", file=sys.stderr)
                report = run_one(base + path, chromium, Path(tmp))
                results[label] = {"path": path, **summary(report)}
                run = run or settings(report)
                print(f"  {results[label]['scores']}", file=sys.stderr)
    run["load_average_before"] = round(load, 1)  # CPU-bound timings grow with it
    run["load_average_after"] = round(os.getloadavg()[0], 1)
    given = sys.argv[1:] if argv is None else argv
    command = " ".join(["python bench/lighthouse.py", *given]) if given else "make lighthouse"
    text = markdown(results, run, command)
    if args.no_results:
        print(text)
        return 0
    (HERE / "lighthouse.json").write_text(json.dumps(
        {"command": command, "settings": run, "targets": TARGETS, "pages": results},
        indent=2, sort_keys=True)
        + "\n", encoding="utf-8")
    (HERE / "LIGHTHOUSE.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
