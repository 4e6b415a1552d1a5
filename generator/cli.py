"""The `opendata` command: the only place that turns problems and exceptions into exit codes.

Conventions: problems and progress go to standard error, each command's report (a summary,
--json, a diff) to standard output; colour only on a terminal (terminal.py); -q shows errors
only, -v also every acknowledged warning. The engine is imported inside the command that
needs it, so `opendata --help` and `--version` start in a fraction of a second.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .terminal import RED, Progress, counted, is_terminal, paint, use_colour

if TYPE_CHECKING:
    from .build import BuildResult
    from .config import SiteConfig
    from .diff_sides import Side
    from .problems import Acknowledged, Acknowledgement, Problem
    from .validate import Validation

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool whose reader left
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C
QUIET, NORMAL, VERBOSE = -1, 0, 1
# The example publication `opendata new` writes (shipped in the wheel).
SCAFFOLD = Path(__file__).parent / "scaffold"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    return _run(parser, args)


def entry() -> None:
    """The `opendata` console script: main() on sys.argv, then the exit.

    A command marked `ends_at_once` (validate, build) ends the process without the
    interpreter's teardown once its output is flushed, if it left no thread or child process
    running: freeing each object one by one took 0.03-0.04 s of a 0.47 s validation of the
    national release, and 0.07-0.09 s of a 1.5 s rebuild (issue 18); the kernel frees the
    process' memory at once. Such a command keeps no temporary file for the interpreter to
    remove at exit (build removes its staging folders itself).
    """
    parser = _parser()
    args = parser.parse_args()
    code = _run(parser, args)
    if getattr(args, "ends_at_once", False) and _nothing_running():
        import os

        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe or stream: nothing more to write
                pass
        os._exit(code)
    sys.exit(code)


def _nothing_running() -> bool:
    """Whether this process runs no thread but this one and has no child process left."""
    import threading

    processes = sys.modules.get("multiprocessing")
    return threading.active_count() == 1 and not (processes and processes.active_children())


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """The parsed command's exit code; problems and exceptions become messages and codes."""
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)  # no command is a usage error: help, on stderr
        return EXIT_USAGE
    from .packages import UsageError

    try:
        code = args.run(args)
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is caught below
        return code
    except UsageError as exc:
        print(f"opendata: {paint('error', RED, use_colour(sys.stderr))}: {exc}",
              file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`opendata diff --json | head -1`): stop quietly. Standard
        # output points at devnull so the interpreter's own flush at exit cannot fail again.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:  # Ctrl-C in a long command: one line, not a traceback
        print("opendata: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="opendata", description="Validate open data packages and publish them as a site.",
        parents=[_verbosity(NORMAL)])
    parser.add_argument("--version", action="version", version=f"opendata {__version__}")
    sub = parser.add_subparsers(title="commands")
    common = [_verbosity(argparse.SUPPRESS)]  # -q/-v after the command too: `validate -q`
    validate = sub.add_parser(
        "validate", help="check data packages and report every problem", parents=common,
        description="Validate every data package under datasets/ (or the given paths). "
                    "Exit 0 when valid (warnings allowed), 1 when invalid, 2 on usage errors.")
    validate.add_argument("paths", nargs="*", type=Path,
                          help="package folders, datapackage.json files or folders of packages "
                               "(default: datasets/)")
    validate.add_argument("--json", action="store_true",
                          help="print a machine-readable JSON report on standard output")
    validate.set_defaults(run=run_validate, ends_at_once=True)
    build = sub.add_parser(
        "build", help="validate, then build the static site into site/", parents=common,
        description="Validate every package, render the pages and build the site with MkDocs "
                    "(strict). On any error nothing is published and the old site/ stays.")
    build.add_argument("--site-dir", type=Path, default=None, help="output folder (site/)")
    build.add_argument("--site-url", default=None,
                       help="public URL of the site; enables sitemap.xml and absolute URLs "
                            "(default: site_url in mkdocs.yml or $SITE_URL; none = relative)")
    build.set_defaults(run=run_build, ends_at_once=True)
    serve = sub.add_parser("serve", help="live preview: rebuild and reload on every edit",
                           parents=common,
                           description="Build into a temporary folder, serve it on HOST:PORT "
                                       "and rebuild when anything the site is made of changes. "
                                       "Ctrl-C (or SIGTERM) stops it and removes the folder.")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=run_serve)
    diff = sub.add_parser(
        "diff", help="what changed between two states of the data", parents=common,
        description="Compare two sets of data packages: rows added, removed and changed "
                    "(matched by primary key), schema changes and anomalies. A side is a "
                    "folder, a git revision of this repository (its datasets/, read with git "
                    "archive) or 'working-tree'. Exit 0 with the report, 1 when a side is "
                    "invalid, 2 on usage errors.")
    diff.add_argument("old", help="folder, git revision (v1.0.0, HEAD~1) or working-tree")
    diff.add_argument("new", nargs="?", default="working-tree",
                      help="folder, git revision or working-tree (default: working-tree)")
    diff.add_argument("--json", action="store_true", help="print the report as JSON")
    diff.set_defaults(run=run_diff)
    release = sub.add_parser(
        "release", help="archive the current release into releases/", parents=common,
        description="Add the release that datasets/ makes (highest package version, latest "
                    "date) to the release archive releases/: one reproducible zip per package "
                    "version and releases/index.json. An archived zip is never rewritten: a "
                    "package whose data changed needs a new version. Exit 0 when archived (or "
                    "already archived), 1 when invalid or conflicting, 2 on usage errors.")
    release.add_argument("--from", dest="source", default="working-tree", metavar="REV",
                         help="archive the datasets/ of a git revision (e.g. v1.0.0) or the "
                              "packages in a folder instead (default: working-tree)")
    release.add_argument("--check", action="store_true",
                         help="only check the archive and the release; write nothing")
    release.add_argument("--expect-version", default=None, metavar="VERSION",
                         help="fail unless the release is VERSION and already archived "
                              "(for a release tag)")
    release.set_defaults(run=run_release)
    new = sub.add_parser(
        "new", help="start a publication of your own in a new folder", parents=common,
        description="Write a small working publication into DIR (which must not exist or be "
                    "empty): one example data package of synthetic sample data, a content page, "
                    "an update, publication.yml, mkdocs.yml and a README. `opendata build` in "
                    "DIR then makes its site.")
    new.add_argument("folder", type=Path, metavar="DIR", help="the new publication's folder")
    new.set_defaults(run=run_new)
    return parser


def _verbosity(default: object) -> argparse.ArgumentParser:
    """-q and -v, for the main parser (with a default) and each command (without one)."""
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=QUIET,
                       default=default, help="print errors only (and the report asked for)")
    group.add_argument("-v", "--verbose", dest="verbosity", action="store_const",
                       const=VERBOSE, default=default,
                       help="also print every acknowledged warning with its reason")
    return options


class Console:
    """Where and how a command writes: problems and progress on stderr, reports on stdout."""

    def __init__(self, verbosity: int) -> None:
        self.verbosity = verbosity
        self.colour = use_colour(sys.stderr)

    def problems(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        """Each problem on its own line, in the one shape; -q leaves the warnings out."""
        from .problems import coloured

        for problem in problems:
            if problem.is_error or self.verbosity > QUIET:
                print(coloured(problem, self.colour), file=sys.stderr)

    def acknowledged(self, seen: Acknowledged, source: str) -> None:
        """One line counting the known warnings; -v lists each under its entry's reason."""
        if not seen.known or self.verbosity == QUIET:
            return
        if self.verbosity < VERBOSE:
            print(f"{counted(len(seen.known), 'known warning')} acknowledged in {source} "
                  "(-v lists them)", file=sys.stderr)
            return
        from .problems import coloured

        entries: dict[Acknowledgement, list[Problem]] = {}
        for problem, entry in seen.known:
            entries.setdefault(entry, []).append(problem)
        for entry, problems in entries.items():
            line = "-" if entry.line is None else entry.line
            print(f"{source}:{line}:{entry.where}: acknowledged: "
                  f"{counted(len(problems), 'warning')}: {entry.reason}", file=sys.stderr)
            for problem in problems:
                print("  " + coloured(problem, self.colour), file=sys.stderr)

    def progress(self) -> Progress:
        """The build's stage lines: live on a terminal, plain lines otherwise, none with -q."""
        return Progress(sys.stderr, live=is_terminal(sys.stderr), show=self.verbosity > QUIET)

    def report(self, line: str, always: bool = False) -> None:
        """A line of the command's report on stdout (-q keeps only those `always` shown)."""
        if always or self.verbosity > QUIET:
            print(line)

    def failure(self, line: str) -> None:
        """Why nothing was done, on stderr, even with -q."""
        print(line, file=sys.stderr)


def run_new(args: argparse.Namespace) -> int:
    """`opendata new DIR`: copy the engine's example publication into an empty folder."""
    import shutil

    from .packages import UsageError

    target: Path = args.folder
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} exists and is not an empty folder; give a new folder")
    shutil.copytree(SCAFFOLD, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    Console(args.verbosity).report(f"made a publication in {target}/: cd {target} && "
                                   "opendata build")
    return EXIT_OK


def _root() -> Path:
    """The project folder: the current directory, which must hold mkdocs.yml."""
    from .packages import UsageError

    root = Path.cwd()
    if not (root / "mkdocs.yml").is_file():
        raise UsageError(f"no mkdocs.yml in {root}; run opendata from the project folder")
    return root


def run_build(args: argparse.Namespace) -> int:
    """`opendata build`: exit 0 when the site was published, 1 when anything was wrong."""
    from .build import build_site
    from .config import load_config

    console = Console(args.verbosity)
    config = load_config(_root(), site_dir=args.site_dir, site_url=args.site_url)
    with console.progress() as progress:
        result = build_site(config, log=progress)
    seen = _acknowledge(result.problems, config.publication.known_warnings,
                        _package_folders(config, result))
    console.problems(seen.shown)
    console.acknowledged(seen, config.publication.path)
    site = config.site_dir.name
    if not result.published:
        console.failure(f"build failed: {counted(len(seen.errors), 'error')}; nothing was "
                        f"published and {site}/ was left as it was")
        return EXIT_INVALID
    timing = ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())
    console.report(f"built {site}/: {counted(result.pages, 'page')}, "
                   f"{counted(result.datasets, 'dataset')}; {_counts(seen)} ({timing})")
    return EXIT_OK


def _package_folders(config: SiteConfig, result: BuildResult) -> list[str]:
    """The package folders the build validated, as problem paths show them (none if it
    stopped before validating): only their acknowledgements can be stale."""
    if "validate" not in result.timings or not config.datasets.is_dir():
        return []
    folders = sorted(d for d in config.datasets.iterdir() if (d / "datapackage.json").is_file())
    try:
        return [d.resolve().relative_to(config.root.resolve()).as_posix() for d in folders]
    except ValueError:  # datasets outside the project: problem paths are absolute there
        return [d.as_posix() for d in folders]


def run_serve(args: argparse.Namespace) -> int:
    """`opendata serve`: build into a temporary folder and serve it with live reload.

    SIGTERM stops it as Ctrl-C does, so the temporary folder is removed either way; a second
    signal during that clean-up is ignored rather than leave half of it behind.
    """
    import errno
    import signal
    import tempfile
    import time

    from .build import build_site
    from .config import load_config
    from .mkdocs_site import serve
    from .packages import UsageError

    console = Console(args.verbosity)
    root = _root()
    check_port(args.host, args.port)
    url = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}/"
    served = False  # whether a build has succeeded yet

    def rebuild(target: Path) -> None:
        nonlocal served
        start = time.monotonic()
        config = load_config(root, site_dir=target, site_url=url)
        with console.progress() as progress:
            result = build_site(config, log=progress)
        seen = _acknowledge(result.problems, config.publication.known_warnings,
                            _package_folders(config, result))
        console.problems(seen.shown)
        console.acknowledged(seen, config.publication.path)
        seconds = time.monotonic() - start
        if not result.published:
            console.failure(f"build failed ({counted(len(seen.errors), 'error')}): " + (
                "still serving the last good build" if served else
                f"fix it and save; {url} serves once a build succeeds"))
        elif not served:
            console.report(f"serving on {url} (built in {seconds:.1f} s; Ctrl-C stops)",
                           always=True)
        else:
            console.report(f"rebuilt in {seconds:.1f} s: ready on {url}", always=True)
        served = served or result.published
        sys.stdout.flush()

    def stop(signum: int, frame: object) -> None:
        for name in (signal.SIGINT, signal.SIGTERM):
            signal.signal(name, signal.SIG_IGN)  # one stop is enough: let clean-up finish
        raise KeyboardInterrupt

    previous = {name: signal.signal(name, stop) for name in (signal.SIGINT, signal.SIGTERM)}
    try:
        with tempfile.TemporaryDirectory(prefix="opendata-serve-") as tmp:
            try:
                serve(load_config(root), rebuild, Path(tmp) / "site", args.host, args.port)
            except KeyboardInterrupt:  # a stop during the first build, before serving
                pass
            except OSError as exc:  # the port was free when checked, taken while building
                if exc.errno != errno.EADDRINUSE:
                    raise
                raise UsageError(f"port {args.port} on {args.host} was taken while the site "
                                 "was built; choose another with --port") from None
            for name in (signal.SIGINT, signal.SIGTERM):
                signal.signal(name, signal.SIG_IGN)
    finally:
        for name, handler in previous.items():
            signal.signal(name, handler)
    console.report("stopped; the temporary site was removed", always=True)
    return EXIT_OK


def check_port(host: str, port: int) -> None:
    """UsageError unless `port` on `host` can be listened on, checked before anything is built."""
    import errno
    import socket

    from .packages import UsageError

    if not 1 <= port <= 65535:
        raise UsageError(f"port {port} is not a port: expected a number from 1 to 65535")
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} is in use on {host}; stop what is using it or "
                             "choose another with --port") from None
        if exc.errno == errno.EACCES:
            raise UsageError(f"port {port} on {host} needs more rights than this user has; "
                             "choose a port above 1023 with --port") from None
        raise UsageError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None


def run_validate(args: argparse.Namespace) -> int:
    """`opendata validate`: every problem, then a summary; exit 1 on any error.

    The publication file's known_warnings (if the folder has one) are set aside and counted;
    nothing else of the publication is loaded.
    """
    import os

    # polars' allocator (jemalloc) keeps freed memory for 10 s by default; validation reads
    # block after block, so it gives it back after 10 ms (set before polars is loaded): the
    # next block reuses the pages (at 0 every block faulted them in again, 0.15 s of the
    # kernel's time on the national release), and the peak stays a few blocks (at 100 ms
    # one 300,000-row table peaked at up to 1.45x frictionless' memory, at 30 ms 1.44x, the
    # limit is 1.5x; at 10 ms 1.26-1.36x with the same faults saved).
    os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:10,muzzy_decay_ms:0")
    from .publication import FILE
    from .validate import validate_paths

    console = Console(args.verbosity)
    root = Path.cwd()
    known = _known_warnings(console, root)
    if known is None:
        return EXIT_USAGE
    # Only the problems are reported: a large table is checked in blocks, not kept whole.
    result = validate_paths(args.paths or [Path("datasets")], root, keep_tables=False)
    seen = _acknowledge(result.problems, known, [p.display_root for p in result.packages])
    if args.json:
        import json

        console.report(json.dumps(report(result, seen), indent=2, ensure_ascii=False),
                       always=True)
    else:
        console.problems(seen.shown)
        console.acknowledged(seen, FILE)
        console.report(summary(result, seen), always=not result.valid)
    return EXIT_OK if result.valid else EXIT_INVALID


def _acknowledge(problems: tuple[Problem, ...], known: tuple[Acknowledgement, ...],
                 checked: list[str]) -> Acknowledged:
    """The problems with the publication's known warnings set aside (problems.acknowledge)."""
    from .problems import acknowledge

    return acknowledge(problems, known, checked)


def _known_warnings(console: Console, root: Path) -> tuple[Acknowledgement, ...] | None:
    """The publication file's known_warnings (none without one); None, after saying why,
    when they cannot be read."""
    from .publication import FILE, load_known_warnings

    known, problems = load_known_warnings(root)
    if any(p.is_error for p in problems):
        console.problems(problems)
        console.failure(f"{FILE}: known_warnings cannot be read; fix it and run again")
        return None
    return known


def _show_side(console: Console, side: Side, result: Validation,
               known: tuple[Acknowledgement, ...]) -> Acknowledged:
    """A diff or release side's problems as `opendata validate` shows them: known warnings
    set aside and counted (-v lists them), the rest printed with the side's paths. Only the
    working tree's entries can be stale: an older revision need not warn as today's data does."""
    from .problems import Acknowledged
    from .publication import FILE

    checked = [] if side.prefix else [p.display_root for p in result.packages]
    seen = _acknowledge(result.problems, known, checked)
    seen = Acknowledged(tuple(side.shown(p) for p in seen.shown),
                        tuple((side.shown(p), entry) for p, entry in seen.known))
    console.problems(seen.shown)
    console.acknowledged(seen, FILE)
    return seen


def run_diff(args: argparse.Namespace) -> int:
    """`opendata diff OLD NEW`: the report on standard output; 1 when a side is invalid."""
    import json
    from contextlib import ExitStack

    from .diff import diff_snapshots, snapshot, to_dict
    from .diff_markdown import format_markdown
    from .diff_sides import open_side, validate_side
    from .packages import UsageError
    from .publication import load_publication

    console = Console(args.verbosity)
    known = _known_warnings(console, Path.cwd())
    if known is None:
        return EXIT_USAGE
    with ExitStack() as stack:
        sides = [stack.enter_context(open_side(spec, Path.cwd())) for spec in (args.old, args.new)]
        results = [validate_side(side) for side in sides]
        for side, result in zip(sides, results, strict=True):
            if result.valid and not result.packages:
                raise UsageError(f"{side.label}: no data package found")
        for side, result in zip(sides, results, strict=True):
            seen = _show_side(console, side, result, known)
            if not result.valid:
                console.failure(f"{side.label}: {summary(result, seen)}")
        if not all(result.valid for result in results):
            console.failure("diff refused: both sides must be valid data")
            return EXIT_INVALID
        labels = load_publication(Path.cwd()).figures.context_fields
        diff = diff_snapshots(*(snapshot(side.label, result)
                                for side, result in zip(sides, results, strict=True)), labels)
    if args.json:
        print(json.dumps(to_dict(diff), indent=2, ensure_ascii=False))
    else:
        print(format_markdown(diff), end="")
    return EXIT_OK


def run_release(args: argparse.Namespace) -> int:
    """`opendata release`: archive the current release; 1 when it would rewrite the past."""
    from .diff_sides import open_side, validate_side
    from .problems import Problem
    from .releases import FOLDER, plan_release, read_archive, write_release

    console = Console(args.verbosity)
    root = _root()
    known = _known_warnings(console, root)
    if known is None:
        return EXIT_USAGE
    with open_side(args.source, root) as side:
        result = validate_side(side)
        seen = _show_side(console, side, result, known)
        if not result.valid or not result.packages:
            console.failure(f"{side.label}: {summary(result, seen)}; nothing archived")
            return EXIT_INVALID
        archive, problems = read_archive(root / FOLDER, root)
        plan, found = plan_release(archive, list(result.packages))
        problems = [*problems, *(side.shown(p) for p in found)]
        version, date = plan.release.version, plan.release.date
        if args.expect_version is not None and version != args.expect_version:
            problems.append(Problem(f"{FOLDER}/", None, None, "release-version-mismatch",
                                    f"expected release {args.expect_version}, found {version} "
                                    "(the highest package version in datapackage.json)"))
        elif args.expect_version is not None and not plan.archived:
            problems.append(Problem(f"{FOLDER}/", None, None, "release-not-archived",
                                    f"release {version} is not in {FOLDER}/: run `opendata "
                                    f"release` and commit {FOLDER}/ before tagging it"))
        if problems:
            console.problems(problems)
            console.failure(f"release {version} refused: {counted(len(problems), 'problem')}")
            return EXIT_INVALID
        files = counted(len(plan.files), "file")
        if plan.archived:
            console.report(f"release {version} ({date}) is already archived in {FOLDER}/",
                           always=True)
        elif args.check:
            console.report(f"release {version} ({date}) is not archived yet; `opendata "
                           f"release` would add {files} to {FOLDER}/", always=True)
        else:
            write_release(archive, plan)
            console.report(f"archived release {version} ({date}): "
                           f"{counted(len(plan.release.packages), 'package')}, {files} added "
                           f"to {FOLDER}/", always=True)
    return EXIT_OK


def _counts(seen: Acknowledged) -> str:
    """'0 errors, 1 warning', with ', 4 acknowledged' when known warnings were set aside."""
    text = f"{counted(len(seen.errors), 'error')}, {counted(len(seen.warnings), 'warning')}"
    return text + (f", {len(seen.known):,} acknowledged" if seen.known else "")


def summary(result: Validation, seen: Acknowledged | None = None) -> str:
    """One line: how many packages, resources, rows, errors and warnings."""
    from .problems import Acknowledged
    from .validate.fast import row_count

    seen = seen or Acknowledged(result.problems)
    resources = sum(len(p.resources) for p in result.packages)
    rows = sum(row_count(t) for t in result.tables.values())
    verdict = "valid" if result.valid else "INVALID"
    return (f"{verdict}: {counted(len(result.packages), 'package')}, "
            f"{counted(resources, 'resource')}, {counted(rows, 'row')}; {_counts(seen)}")


def report(result: Validation, seen: Acknowledged | None = None) -> dict:
    """The JSON report for CI: every problem, the acknowledged ones marked with their reason."""
    from .problems import Acknowledged, sort_problems
    from .validate.fast import row_count

    seen = seen or Acknowledged(result.problems)
    reasons = {id(problem): entry.reason for problem, entry in seen.known}
    problems = sort_problems([*seen.shown, *(p for p, _ in seen.known)])
    return {
        "valid": result.valid,
        "errors": len(seen.errors),
        "warnings": len(seen.warnings),
        "acknowledged": len(seen.known),
        "packages": [
            {"name": p.name, "path": p.display_root,
             "resources": [{"name": r.name, "path": r.display_path,
                            "rows": row_count(result.tables[(p.name, r.name)])
                            if (p.name, r.name) in result.tables else None}
                           for r in p.resources]}
            for p in result.packages
        ],
        "problems": [p.to_dict() | ({"acknowledged": reasons[id(p)]} if id(p) in reasons
                                    else {}) for p in problems],
    }


if __name__ == "__main__":
    entry()
