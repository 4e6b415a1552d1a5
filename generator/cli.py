"""The `opendata` command: the only place that turns problems and exceptions into exit codes."""

from __future__ import annotations

import argparse
import errno
import json
import os
import socket
import sys
from pathlib import Path

from .build import build_site
from .config import load_config
from .mkdocs_site import serve
from .packages import UsageError
from .problems import Problem
from .publication import load_publication
from .validate import Validation, validate_paths
from .validate.fast import row_count

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool whose reader left
# The example publication `opendata new` writes (shipped in the wheel).
SCAFFOLD = Path(__file__).parent / "scaffold"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        code = args.run(args)
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is caught below
        return code
    except UsageError as exc:
        print(f"opendata: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`opendata diff --json | head -1`): stop quietly. Standard
        # output points at devnull so the interpreter's own flush at exit cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="opendata", description="Validate open data packages and publish them as a site.")
    sub = parser.add_subparsers(title="commands")
    validate = sub.add_parser(
        "validate", help="check data packages and report every problem",
        description="Validate every data package under datasets/ (or the given paths). "
                    "Exit 0 when valid (warnings allowed), 1 when invalid, 2 on usage errors.")
    validate.add_argument("paths", nargs="*", type=Path,
                          help="package folders, datapackage.json files or folders of packages "
                               "(default: datasets/)")
    validate.add_argument("--json", action="store_true",
                          help="print a machine-readable JSON report on standard output")
    validate.set_defaults(run=run_validate)
    build = sub.add_parser(
        "build", help="validate, then build the static site into site/",
        description="Validate every package, render the pages and build the site with MkDocs "
                    "(strict). On any error nothing is published and the old site/ stays.")
    build.add_argument("--site-dir", type=Path, default=None, help="output folder (site/)")
    build.add_argument("--site-url", default=None,
                       help="public URL of the site; enables sitemap.xml and absolute URLs "
                            "(default: site_url in mkdocs.yml or $SITE_URL; none = relative)")
    build.set_defaults(run=run_build)
    serve = sub.add_parser("serve", help="live preview: rebuild and reload on every edit")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=run_serve)
    diff = sub.add_parser(
        "diff", help="what changed between two states of the data",
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
        "release", help="archive the current release into releases/",
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
        "new", help="start a publication of your own in a new folder",
        description="Write a small working publication into DIR (which must not exist or be "
                    "empty): one example data package of synthetic sample data, a content page, "
                    "an update, publication.yml, mkdocs.yml and a README. `opendata build` in "
                    "DIR then makes its site.")
    new.add_argument("folder", type=Path, metavar="DIR", help="the new publication's folder")
    new.set_defaults(run=run_new)
    return parser


def run_new(args: argparse.Namespace) -> int:
    """`opendata new DIR`: copy the engine's example publication into an empty folder."""
    import shutil

    target: Path = args.folder
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} exists and is not an empty folder; give a new folder")
    shutil.copytree(SCAFFOLD, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    print(f"made a publication in {target}/: cd {target} && opendata build", file=sys.stderr)
    return EXIT_OK


def _root() -> Path:
    """The project folder: the current directory, which must hold mkdocs.yml."""
    root = Path.cwd()
    if not (root / "mkdocs.yml").is_file():
        raise UsageError(f"no mkdocs.yml in {root}; run opendata from the project folder")
    return root


def run_build(args: argparse.Namespace) -> int:
    """`opendata build`: exit 0 when the site was published, 1 when anything was wrong."""
    config = load_config(_root(), site_dir=args.site_dir, site_url=args.site_url)
    result = build_site(config, log=lambda line: print(line, file=sys.stderr))
    print_problems(result.problems)
    if not result.published:
        errors = [p for p in result.problems if p.is_error]
        print(f"build failed: {len(errors)} errors; nothing was published and "
              f"{config.site_dir.name}/ was left as it was", file=sys.stderr)
        return EXIT_INVALID
    warnings = len(result.problems)
    timing = ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())
    print(f"built {config.site_dir.name}/: {result.pages} pages, {result.datasets} datasets, "
          f"0 errors, {warnings} warnings ({timing})", file=sys.stderr)
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    """`opendata serve`: build into a temporary folder and serve it with live reload."""
    import tempfile

    root = _root()
    check_port(args.host, args.port)

    def rebuild(target: Path) -> None:
        config = load_config(root, site_dir=target, site_url=f"http://{args.host}:{args.port}/")
        result = build_site(config, log=lambda line: print(line, file=sys.stderr))
        print_problems(result.problems)
        if not result.published:
            print("build failed: still serving the last good build", file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="opendata-serve-") as tmp:
        serve(load_config(root), rebuild, Path(tmp) / "site", args.host, args.port)
    return EXIT_OK


def check_port(host: str, port: int) -> None:
    """UsageError unless `port` on `host` can be listened on, checked before anything is built."""
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
    """`opendata validate`: print every problem, then a summary; exit 1 on any error."""
    paths = args.paths or [Path("datasets")]
    result = validate_paths(paths, Path.cwd())
    if args.json:
        print(json.dumps(report(result), indent=2, ensure_ascii=False))
    else:
        print_problems(result.problems)
        print(summary(result), file=sys.stderr)
    return EXIT_OK if result.valid else EXIT_INVALID


def run_diff(args: argparse.Namespace) -> int:
    """`opendata diff OLD NEW`: the report on standard output; 1 when a side is invalid."""
    from contextlib import ExitStack

    from .diff import diff_snapshots, snapshot, to_dict
    from .diff_markdown import format_markdown
    from .diff_sides import open_side, validate_side

    with ExitStack() as stack:
        sides = [stack.enter_context(open_side(spec, Path.cwd())) for spec in (args.old, args.new)]
        results = [validate_side(side) for side in sides]
        for side, result in zip(sides, results, strict=True):
            if result.valid and not result.packages:
                raise UsageError(f"{side.label}: no data package found")
        if not all(result.valid for result in results):
            for side, result in zip(sides, results, strict=True):
                if not result.valid:
                    print_problems([side.shown(p) for p in result.problems])
                    print(f"{side.label}: {summary(result)}", file=sys.stderr)
            print("diff refused: both sides must be valid data", file=sys.stderr)
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
    from .releases import FOLDER, plan_release, read_archive, write_release

    root = _root()
    with open_side(args.source, root) as side:
        result = validate_side(side)
        if not result.valid or not result.packages:
            print_problems([side.shown(p) for p in result.problems])
            print(f"{side.label}: {summary(result)}; nothing archived", file=sys.stderr)
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
            print_problems(problems)
            print(f"release {version} refused: {len(problems)} problems", file=sys.stderr)
            return EXIT_INVALID
        if plan.archived:
            print(f"release {version} ({date}) is already archived in {FOLDER}/")
        elif args.check:
            print(f"release {version} ({date}) is not archived yet; `opendata release` would "
                  f"add {_files(len(plan.files))} to {FOLDER}/")
        else:
            write_release(archive, plan)
            print(f"archived release {version} ({date}): {len(plan.release.packages)} packages, "
                  f"{_files(len(plan.files))} added to {FOLDER}/")
    return EXIT_OK


def _files(count: int) -> str:
    """'1 file', '3 files'."""
    return f"{count} file{'s' if count != 1 else ''}"


def print_problems(problems: tuple[Problem, ...] | list[Problem]) -> None:
    """Print each problem on its own line, in the one shape."""
    for problem in problems:
        print(problem.format())


def summary(result: Validation) -> str:
    """One line: how many packages, resources, rows, errors and warnings."""
    resources = sum(len(p.resources) for p in result.packages)
    rows = sum(row_count(t) for t in result.tables.values())
    verdict = "valid" if result.valid else "INVALID"
    return (f"{verdict}: {len(result.packages)} packages, {resources} resources, {rows:,} rows; "
            f"{len(result.errors)} errors, {len(result.warnings)} warnings")


def report(result: Validation) -> dict:
    """The JSON report for CI."""
    return {
        "valid": result.valid,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "packages": [
            {"name": p.name, "path": p.display_root,
             "resources": [{"name": r.name, "path": r.display_path,
                            "rows": row_count(result.tables[(p.name, r.name)])
                            if (p.name, r.name) in result.tables else None}
                           for r in p.resources]}
            for p in result.packages
        ],
        "problems": [p.to_dict() for p in result.problems],
    }


if __name__ == "__main__":
    sys.exit(main())
