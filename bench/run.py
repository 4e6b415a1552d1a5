"""`make bench`: validate and build the synthetic national-scale release, print one table.

    .venv/bin/python bench/run.py [--villages N] [--updates N] [--keep DIR] [--no-results]

One run measures: validation of the whole release by our validator and by frictionless alone
(its own `validate`, per package, with no error limit), the raw CSV parse (the floor), a full
`opendata build` (time and the child's peak memory), a rebuild after editing one update, the
page count, the median and largest HTML page, the search index and the site's size, and the
bytes per page at a small scale beside the full one (does the size grow linearly?). The table
is printed and written, with the machine's details, to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import release  # noqa: E402  (a sibling script)

PYTHON = sys.executable
OPENDATA = str(Path(PYTHON).with_name("opendata"))
FRICTIONLESS = str(Path(PYTHON).with_name("frictionless"))
MKDOCS = str(Path(PYTHON).with_name("mkdocs"))
TABLE_ROWS = 300_000  # the single table with planted errors (issue 18)
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").is_file() else ""  # peak memory of a child
# Runs a command as its only child and prints the child's peak memory (KiB) on stderr.
MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
           "r = subprocess.run(sys.argv[1:]); t = time.perf_counter() - t; "
           "print('MEASURE', r.returncode, t, resource.getrusage(resource.RUSAGE_CHILDREN)"
           ".ru_maxrss, file=sys.stderr)")
# Times one validator in a fresh process, after its imports.
VALIDATE = """
import json, sys, time
from pathlib import Path
engine = sys.argv[1]
root = Path.cwd()
if engine == "frictionless":
    import frictionless
    from generator.validate.table import NO_LIMIT
    start = time.perf_counter()
    valid = True
    for descriptor in sorted(root.glob("datasets/*/datapackage.json")):
        report = frictionless.validate(str(descriptor), limit_errors=NO_LIMIT)
        valid = valid and report.valid
    seconds = time.perf_counter() - start
elif engine == "parse":
    import polars as pl
    start = time.perf_counter()
    for path in sorted(root.glob("datasets/*/*.csv")):
        pl.read_csv(path, infer_schema=False)
    seconds, valid = time.perf_counter() - start, True
else:
    from generator.validate import validate_paths
    start = time.perf_counter()
    result = validate_paths([root / "datasets"], root)
    seconds, valid = time.perf_counter() - start, result.valid
print(json.dumps({"seconds": seconds, "valid": valid}))
"""


@dataclass(frozen=True)
class Run:
    """A measured child process."""

    seconds: float
    peak_kib: int
    returncode: int
    stages: str = ""


def measure(command: list[str], cwd: Path) -> Run:
    """Run `command` in `cwd`; its wall time and peak resident memory."""
    done = subprocess.run([PYTHON, "-c", MEASURE, *command], cwd=cwd, capture_output=True,
                          text=True, check=False)
    line = next(x for x in done.stderr.splitlines() if x.startswith("MEASURE "))
    _, code, seconds, peak = line.split()
    if int(code):
        print(done.stderr[-3000:], file=sys.stderr)
    # `opendata build` reports "built site/: ... (validate 1.7s, content ..., total ...s)" on
    # stdout; its progress lines are on stderr.
    stages = re.search(r"\((validate [^)]*)\)", done.stdout)
    text = stages.group(1) if stages else ""
    # "build: 1,422 of 1,423 pages unchanged, taken from the page cache" on a rebuild.
    reused = re.search(r"([\d,]+) of ([\d,]+) pages unchanged", done.stderr)
    if reused:
        text += f"; {reused.group(1)} of {reused.group(2)} pages from the page cache"
    return Run(float(seconds), int(peak), int(code), text)


def validation(engine: str, project: Path, repeat: int = 1) -> float:
    """Best wall time of one validator over `repeat` fresh processes."""
    times = []
    for _ in range(repeat):
        done = subprocess.run([PYTHON, "-c", VALIDATE, engine], cwd=project,
                              capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
        result = json.loads(done.stdout.strip().splitlines()[-1])
        if not result["valid"] and engine != "frictionless":
            raise SystemExit(f"{engine}: the benchmark release does not validate")
        times.append(result["seconds"])
    return min(times)


@dataclass(frozen=True)
class Whole:
    """A command measured as whole processes: median wall time, largest peak memory, runs,
    and the median CPU time (user and system, all threads) of a run."""

    seconds: float
    peak_kib: int
    runs: int
    returncode: int
    cpu: float = 0.0


def child_env(pycache: Path) -> dict[str, str]:
    """The environment of the measured commands: byte-compiled modules kept (in `pycache`), as
    an installed package has them. With PYTHONDONTWRITEBYTECODE (set in some shells and CI)
    every run would compile the engine's modules again, about 0.1-0.2 s that no installed
    copy pays (frictionless' were compiled by pip)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(pycache)}


def run_once(commands: list[list[str]], cwd: Path, env: dict[str, str] | None = None
             ) -> tuple[float, int, int, float]:
    """Run `commands` one after another (output discarded): wall time, largest peak memory
    (KiB), the last non-zero exit code and the CPU time (user and system) of them all.

    Each command runs under GNU time (`/usr/bin/time -f "%M %U %S"`, a small C program): a
    child forked straight from this process would count this process' own memory at the fork
    in its ru_maxrss (Linux keeps the larger of the two across exec).
    """
    start, peak, code, cpu = time.perf_counter(), 0, 0, 0.0
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        for command in commands:
            wrapped = ([GNU_TIME, "-f", "%M %U %S", "-o", rss.name, *command] if GNU_TIME
                       else command)
            child = subprocess.run(wrapped, cwd=cwd, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, check=False, env=env)
            kib, user, system = (Path(rss.name).read_text().split()[-3:] if GNU_TIME
                                 else ("0", "0", "0"))
            peak, code = max(peak, int(kib)), child.returncode or code
            cpu += float(user) + float(system)
    return time.perf_counter() - start, peak, code, cpu


def side_by_side(commands: dict[str, list[list[str]]], cwd: Path,
                 repeats: dict[str, int], env: dict[str, str] | None = None
                 ) -> dict[str, Whole]:
    """Each named command `repeats[name]` times, the names taking turns (as hyperfine's
    interleaved runs), so a change in the machine's load falls on both sides alike; first
    an untimed run of each name's first command (hyperfine's warm-up: files in the page
    cache, modules compiled into `env`'s cache)."""
    for command in commands.values():
        run_once(command[:1], cwd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = dict.fromkeys(commands, 0)
    codes: dict[str, int] = dict.fromkeys(commands, 0)
    for turn in range(max(repeats.values())):
        for name, command in commands.items():
            if turn < repeats[name]:
                seconds, peak, code, cpu = run_once(command, cwd, env)
                times[name].append(seconds)
                cpus[name].append(cpu)
                peaks[name], codes[name] = max(peaks[name], peak), code
    return {name: Whole(statistics.median(times[name]), peaks[name], len(times[name]),
                        codes[name], statistics.median(cpus[name])) for name in commands}


def frictionless_packages(project: Path) -> list[list[str]]:
    """`frictionless validate` of each package of the project, one process each."""
    return [[FRICTIONLESS, "validate", str(d.relative_to(project))]
            for d in sorted(project.glob("datasets/*/datapackage.json"))]


def write_table_project(project: Path, target: Path, rows: int = TABLE_ROWS) -> Path:
    """A project with one package of one 300,000-row table (the release's first villages) and
    three planted errors: a household count that is not a number, one below its minimum and a
    repeated village code. Synthetic, like the release it is cut from."""
    package = target / "datasets" / "bench-table"
    package.mkdir(parents=True)
    with (project / "datasets" / release.PACKAGE / "villages.csv").open(
            encoding="utf-8") as source:
        lines = [line for _, line in zip(range(rows + 1), source, strict=False)]
    rows = len(lines) - 1  # a smaller release (--villages) gives a smaller table
    header = lines[0].rstrip("\n").split(",")
    households, code = header.index("households"), header.index("village_code")

    def planted(number: int, column: int, value: str) -> None:
        cells = lines[number].rstrip("\n").split(",")
        cells[column] = value
        lines[number] = ",".join(cells) + "\n"
    planted(rows // 300, households, "12x")
    planted(rows // 2, households, "-5")
    planted(rows - 1, code, lines[2].split(",")[code])
    (package / "villages.csv").write_text("".join(lines), encoding="utf-8")
    descriptor = release.descriptor(rows)
    villages = descriptor["resources"][0]
    villages["schema"] = {"fields": villages["schema"]["fields"],
                          "primaryKey": villages["schema"]["primaryKey"]}
    villages.pop("rules", None)
    villages.pop("aggregate", None)
    descriptor.update(name="bench-table", resources=[villages])
    descriptor["title"] = f"Synthetic benchmark: one table of {rows:,} villages (not real data)"
    (package / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n",
                                              encoding="utf-8")
    return target


def bare_mkdocs(project: Path, out: Path) -> Run:
    """MkDocs alone on the Markdown the last `opendata build` left in build/docs (no engine
    theme, plugins or page cache; not strict, as those pages expect the engine's additions)."""
    shutil.rmtree(out, ignore_errors=True)
    return measure([MKDOCS, "build", "--quiet", "--no-strict", "-f", "mkdocs.yml", "-d",
                    str(out)], project)


def build(project: Path) -> Run:
    """A full `opendata build` from nothing (no build/ folder, no cache)."""
    shutil.rmtree(project / "build", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    run = measure([OPENDATA, "build"], project)
    if run.returncode:
        raise SystemExit("opendata build failed on the benchmark release")
    return run


def edit_one_update(project: Path) -> None:
    """Add a sentence to the first update post, as an editor would."""
    post = sorted(p for p in (project / "content" / "updates").glob("*.md")
                  if len(p.suffixes) == 1)[0]  # an English post, not a translation (x.hi.md)
    with post.open("a", encoding="utf-8") as handle:
        handle.write("\nOne more sentence, added to measure a rebuild.\n")


def site_sizes(site: Path) -> dict[str, float]:
    """Pages, median and largest HTML page, search index and total size of a built site."""
    pages = [p.stat().st_size for p in site.rglob("*.html")]
    files = [p.stat().st_size for p in site.rglob("*") if p.is_file()]
    index = [p for p in (site / "search").glob("search_index.*")] if (site / "search").is_dir() \
        else []
    largest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    # The index a visitor of each language fetches: search/ at the root, <code>/search/ for the
    # publication's other languages (issue 16's layout).
    fetched = {"": site / "search" / "search_index.json",
               **{p.parent.parent.name: p for p in sorted(site.glob("*/search/search_index.json"))}}
    return {"pages": len(pages), "median": statistics.median(pages), "largest": max(pages),
            "largest_path": largest.relative_to(site).as_posix(), "html": sum(pages),
            "search": sum(p.stat().st_size for p in index), "total": sum(files),
            "search_fetched": {code: p.stat().st_size for code, p in fetched.items()
                               if p.is_file()}}


def build_rows(project: Path, tmp: Path) -> list[str]:
    """The build rows alone (issue 18): a full build from nothing, MkDocs alone on the same
    Markdown right after it, and a rebuild after one edit, with the load average at each."""
    before = os.getloadavg()[0]
    full = build(project)
    bare = bare_mkdocs(project, tmp / "bare-site")
    edit_one_update(project)
    rebuild = measure([OPENDATA, "build"], project)
    return [
        f"| full `opendata build`, from nothing (load {before:.1f}) | {full.seconds:.1f} s | |",
        f"| (its stages) | {full.stages} | |",
        f"| bare `mkdocs build` of the same Markdown{'' if not bare.returncode else ', FAILED'} "
        f"| {bare.seconds:.1f} s | |",
        f"| full build / bare MkDocs | {full.seconds / bare.seconds:.2f}x "
        f"| <= 1.3x: {verdict(full.seconds / bare.seconds, 1.3)} |",
        f"| rebuild after editing one update (load {os.getloadavg()[0]:.1f}) "
        f"| {rebuild.seconds:.1f} s | <= 2 s: {verdict(rebuild.seconds, 2.0)} |",
        f"| (its stages) | {rebuild.stages} | |",
    ]


def machine() -> list[str]:
    """What the figures were measured on."""
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in
                   Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0) if Path("/proc/meminfo").exists() else 0
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in (
        "frictionless", "polars", "mkdocs", "mkdocs-material", "pandas"))
    return [f"- CPU: {cpu}, {os.cpu_count()} cores; memory {memory} GiB",
            f"- Python {platform.python_version()} on {platform.system()} "
            f"{platform.release()}; {versions}",
            f"- load average before the run: {os.getloadavg()[0]:.1f} (other work on the "
            "machine slows every figure; CPU-bound stages show it most)"]


def verdict(value: float, limit: float, up: bool = False) -> str:
    """'met' when `value` is within `limit` (at most, or at least with `up`), else NOT met."""
    return "met" if (value >= limit if up else value <= limit) else "**NOT met**"


def seconds(run: Whole) -> str:
    """A whole-process figure: median seconds and peak memory."""
    return f"{run.seconds:.2f} s, {run.peak_kib / 1024:.0f} MiB"


def with_cpu(run: Whole) -> str:
    """A whole-process figure with its median CPU time (user and system, every thread)."""
    return f"{seconds(run)}, {run.cpu:.2f} s CPU"


def megabytes(size: float) -> str:
    """Bytes in MB (decimal)."""
    return f"{size / 1e6:.1f} MB"


def kilobytes(size: float) -> str:
    """Bytes in KB (decimal)."""
    return f"{size / 1e3:.1f} KB"


def whole_processes(project: Path, tmp: Path, repeat: int, runs: int = 2) -> list[str]:
    """The whole-process rows: --help and --version beside frictionless --help, validate of
    the release and of one 300,000-row table beside frictionless validate, side by side."""
    print("whole processes: --help, validate (release, one table)", file=sys.stderr)
    env, load = child_env(tmp / "pycache"), os.getloadavg()[0]
    starts = side_by_side({"help": [[OPENDATA, "--help"]], "version": [[OPENDATA, "--version"]],
                           "frictionless": [[FRICTIONLESS, "--help"]]}, project,
                          dict.fromkeys(("help", "version", "frictionless"), repeat), env)
    whole = side_by_side({"ours": [[OPENDATA, "validate"]],
                          "frictionless": frictionless_packages(project)}, project,
                         {"ours": 5, "frictionless": runs}, env)
    table_project = write_table_project(project, tmp / "table")
    one_table = side_by_side({"ours": [[OPENDATA, "validate"]],
                              "frictionless": frictionless_packages(table_project)},
                             table_project, {"ours": 5, "frictionless": runs}, env)
    planted = json.loads(subprocess.run(
        [OPENDATA, "validate", "--json"], cwd=table_project, capture_output=True,
        text=True, check=False).stdout)["errors"]
    return [
    f"| **whole processes, side by side in this run (issue 18; load average {load:.1f} "
    f"before, {os.getloadavg()[0]:.1f} after)** | | |",
    f"| `opendata --help` (median of {starts['help'].runs}) | {seconds(starts['help'])} "
    f"| <= `frictionless --help` (aim 0.15 s): "
    f"{verdict(starts['help'].seconds, starts['frictionless'].seconds)} |",
    f"| `opendata --version` (median of {starts['version'].runs}) "
    f"| {seconds(starts['version'])} "
    f"| <= `frictionless --help`: "
    f"{verdict(starts['version'].seconds, starts['frictionless'].seconds)} |",
    f"| `frictionless --help` (median of {starts['frictionless'].runs}) "
    f"| {seconds(starts['frictionless'])} | |",
    f"| `opendata validate`, whole release (median of {whole['ours'].runs}) "
    f"| {with_cpu(whole['ours'])} | |",
    f"| `frictionless validate` of each package (median of {whole['frictionless'].runs}) "
    f"| {with_cpu(whole['frictionless'])} | |",
    f"| speed-up, whole process | {whole['frictionless'].seconds / whole['ours'].seconds:.1f}x "
    f"| >= 30x: {verdict(whole['frictionless'].seconds / whole['ours'].seconds, 30, up=True)} |",
    f"| (the same in CPU time, which the machine's load moves less) "
    f"| {whole['frictionless'].cpu / max(whole['ours'].cpu, 1e-9):.1f}x | |",
    f"| peak memory, ours / frictionless | "
    f"{whole['ours'].peak_kib / whole['frictionless'].peak_kib:.2f}x | <= 1.5x: "
    f"{verdict(whole['ours'].peak_kib / whole['frictionless'].peak_kib, 1.5)} |",
    f"| one {TABLE_ROWS:,}-row table, 3 planted errors: `opendata validate` "
    f"(median of {one_table['ours'].runs}; {planted} errors found) "
    f"| {with_cpu(one_table['ours'])} | |",
    f"| the same table: `frictionless validate` (median of {one_table['frictionless'].runs}) "
    f"| {with_cpu(one_table['frictionless'])} | |",
    f"| speed-up, one table | {one_table['frictionless'].seconds / one_table['ours'].seconds:.1f}x "
    f"| >= 10x: {verdict(one_table['frictionless'].seconds / one_table['ours'].seconds, 10, up=True)} |",
    f"| peak memory, one table, ours / frictionless | "
    f"{one_table['ours'].peak_kib / one_table['frictionless'].peak_kib:.2f}x | <= 1.5x: "
    f"{verdict(one_table['ours'].peak_kib / one_table['frictionless'].peak_kib, 1.5)} |",
    ]


def main(argv: list[str] | None = None) -> int:
    """Generate, measure, print and record."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=release.Scale.villages)
    parser.add_argument("--updates", type=int, default=release.Scale.updates)
    parser.add_argument("--keep", type=Path, default=None, help="write the release here")
    parser.add_argument("--no-results", action="store_true", help="do not write RESULTS.md")
    parser.add_argument("--whole-only", action="store_true",
                        help="only the whole-process measures (printed, not recorded)")
    parser.add_argument("--build-only", action="store_true",
                        help="only the build rows: full build, bare MkDocs, rebuild (printed)")
    parser.add_argument("--repeat", type=int, default=15,
                        help="runs of each --help/--version measure (median)")
    args = parser.parse_args(argv)
    load = machine()
    with tempfile.TemporaryDirectory() as tmp:
        project = args.keep or Path(tmp) / "release"
        scale = release.Scale(villages=args.villages, updates=args.updates)
        start = time.perf_counter()
        release.write_release(project, scale=scale)
        generated = time.perf_counter() - start
        villages_csv = project / "datasets" / release.PACKAGE / "villages.csv"
        rows = sum(1 for _ in villages_csv.open("rb")) - 1
        print(f"release: {rows:,} villages, {args.updates} updates in {project} "
              f"(generated in {generated:.1f} s)", file=sys.stderr)
        if args.whole_only:
            print("\n".join(whole_processes(project, Path(tmp), args.repeat, runs=1)))
            return 0
        if args.build_only:
            print("\n".join(build_rows(project, Path(tmp))))
            return 0
        ours = validation("ours", project, repeat=5)
        parse = validation("parse", project, repeat=5)
        reference = validation("frictionless", project)
        whole = whole_processes(project, Path(tmp), args.repeat)
        full = build(project)
        sizes = site_sizes(project / "site")
        bare = bare_mkdocs(project, Path(tmp) / "bare-site")
        edit_one_update(project)
        rebuild = measure([OPENDATA, "build"], project)
        small = Path(tmp) / "small"
        release.write_release(small, scale=release.SMALL)
        small_sizes = site_sizes(small / "site") if not build(small).returncode else {}
    html, small_html = (sizes["html"] / sizes["pages"],
                        small_sizes["html"] / small_sizes["pages"])
    search, small_search = (sizes["search"] / sizes["pages"],
                            small_sizes["search"] / small_sizes["pages"])
    table = [
        "| measure | figure | target |",
        "|---|--:|---|",
        f"| validation, our validator (whole release) | {ours:.2f} s | |",
        f"| validation, `frictionless validate` (whole release) | {reference:.2f} s | |",
        f"| speed-up over frictionless | {reference / ours:.1f}x | >= 30x |",
        f"| raw CSV parse of every file (polars, the floor) | {parse:.2f} s | |",
        f"| our validator / raw parse | {ours / parse:.1f}x | <= 4x |",
        f"| full `opendata build`, from nothing | {full.seconds:.1f} s | <= 60 s |",
        f"| (its stages) | {full.stages} | |",
        f"| full build, peak memory (child max RSS) | {full.peak_kib / 1024 / 1024:.2f} GiB "
        f"| <= 2 GiB |",
        f"| rebuild after editing one update | {rebuild.seconds:.1f} s | <= 10 s |",
        f"| (its stages) | {rebuild.stages} | |",
        f"| rebuild after one edit, target of issue 18 | {rebuild.seconds:.1f} s "
        f"| <= 2 s: {verdict(rebuild.seconds, 2.0)} |",
        *whole,
        f"| bare `mkdocs build` of the same Markdown (build/docs{'' if not bare.returncode else ', FAILED'}) "
        f"| {bare.seconds:.1f} s | |",
        f"| full build / bare MkDocs | {full.seconds / bare.seconds:.2f}x "
        f"| <= 1.3x: {verdict(full.seconds / bare.seconds, 1.3)} |",
        f"| HTML pages | {sizes['pages']:,} | |",
        f"| median page | {kilobytes(sizes['median'])} | <= 40 KB |",
        f"| largest page ({sizes['largest_path']}) | {kilobytes(sizes['largest'])} | |",
        f"| search index (both copies, search_index.json and .js, default language) "
        f"| {megabytes(sizes['search'])} | |",
        *(f"| search index a visitor fetches, {code or 'default language'} "
          f"({code + '/' if code else ''}search/search_index.json) | {megabytes(size)} "
          f"| <= 1.5 MB: {verdict(size / 1e6, 1.5)} |"
          for code, size in sizes["search_fetched"].items()),
        f"| site total (downloads included) | {megabytes(sizes['total'])} | |",
        f"| HTML per page, full vs small scale ({small_sizes['pages']} pages) "
        f"| {kilobytes(html)} vs {kilobytes(small_html)} | linear |",
        f"| search index per page, full vs small scale "
        f"| {kilobytes(search)} vs {kilobytes(small_search)} | linear |",
    ]
    print("\n".join(table))
    if not args.no_results:
        record(table, load, rows, args.updates)
    return 0


def record(table: list[str], load: list[str], rows: int, updates: int) -> None:
    """Write bench/RESULTS.md: the table of this run, the machine, and how to read it."""
    notes = (HERE / "RESULTS.notes.md").read_text(encoding="utf-8") if (
        HERE / "RESULTS.notes.md").is_file() else ""
    text = "\n".join([
        "# Benchmark results", "",
        "Written by `make bench` (bench/run.py): one run over the synthetic release of "
        f"bench/release.py ({rows:,} villages, {updates} updates, seed {release.SEED}). "
        "Synthetic data, never published.", "",
        *table, "", "Machine:", "", *load, "", notes]).rstrip() + "\n"
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
