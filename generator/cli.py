"""The `opendata` command: the only place that turns problems and exceptions into exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .packages import UsageError
from .problems import Problem
from .validate import Validation, validate_paths

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"opendata: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


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
    return parser


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


def print_problems(problems: tuple[Problem, ...] | list[Problem]) -> None:
    """Print each problem on its own line, in the one shape."""
    for problem in problems:
        print(problem.format())


def summary(result: Validation) -> str:
    """One line: how many packages, resources, rows, errors and warnings."""
    resources = sum(len(p.resources) for p in result.packages)
    rows = sum(len(t.rows) for t in result.tables.values())
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
                            "rows": len(result.tables[(p.name, r.name)].rows)
                            if (p.name, r.name) in result.tables else None}
                           for r in p.resources]}
            for p in result.packages
        ],
        "problems": [p.to_dict() for p in result.problems],
    }


if __name__ == "__main__":
    sys.exit(main())
