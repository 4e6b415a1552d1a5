"""The sides of `opendata diff` and `opendata release --from`: a folder, the working tree's
datasets/, or a git revision's datasets/ exported with `git archive` into a temporary folder
(the work tree, index and HEAD are never touched)."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from .packages import UsageError
from .problems import Problem, sort_problems
from .safe_files import NOT_A_FILE, UNSAFE_LINK
from .validate import Validation, validate_paths

WORKING_TREE = "working-tree"
DATASETS = "datasets"


@dataclass(frozen=True)
class Side:
    """Where one side's packages are, how to show its paths, its label in reports, and the
    problems found while exporting it (files of a revision that were not written)."""

    label: str
    path: Path
    base: Path
    prefix: str = ""
    problems: tuple[Problem, ...] = ()

    def shown(self, problem: Problem) -> Problem:
        """A problem with its path as the user knows it: 'HEAD~1:datasets/x/y.csv'."""
        return replace(problem, path=self.prefix + problem.path) if self.prefix else problem


def validate_side(side: Side) -> Validation:
    """Validate a side's packages; the problems of its export make it invalid too."""
    result = validate_paths([side.path], side.base)
    if not side.problems:
        return result
    return Validation(result.packages, result.tables,
                      tuple(sort_problems([*side.problems, *result.problems])))


@contextmanager
def open_side(spec: str, cwd: Path) -> Iterator[Side]:
    """Resolve a command-line side: an existing path, `working-tree`, a git revision, or a
    release archived in releases/ that no revision is named after."""
    if not spec or spec.startswith("-"):
        raise UsageError(f"{spec!r}: expected a folder or a git revision")
    if spec == WORKING_TREE:
        datasets = cwd / DATASETS
        if not datasets.is_dir():
            raise UsageError(f"{WORKING_TREE}: no {DATASETS}/ folder in {cwd}")
        yield Side(spec, datasets, cwd)
        return
    path = Path(spec)
    if path.exists():
        yield Side(spec, path, cwd)
        return
    if not is_revision(spec, cwd):
        with archived_side(spec, cwd) as side:
            if side is not None:
                yield side
                return
    sha = resolve_revision(spec, cwd)
    with tempfile.TemporaryDirectory(prefix="opendata-side-") as tmp:
        problems = export_datasets(spec, sha, cwd, Path(tmp) / DATASETS)
        label = spec if sha.startswith(spec) else f"{spec} ({sha[:12]})"
        yield Side(label, Path(tmp) / DATASETS, Path(tmp), prefix=f"{spec}:",
                   problems=tuple(problems))


@contextmanager
def archived_side(spec: str, cwd: Path) -> Iterator[Side | None]:
    """A release archived in releases/ (`v1.0.0` or `1.0.0`) as a side, its zips unpacked into
    a temporary folder; None when the archive holds no such release. A fresh clone has no
    tags, but it has the archive: the same data, checked against its recorded sha256."""
    from .releases import FOLDER, find_release, read_archive, unpack_release

    if not (cwd / FOLDER / "index.json").is_file():
        yield None
        return
    archive, problems = read_archive(cwd / FOLDER, cwd)
    release = find_release(archive, spec)
    if release is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="opendata-side-") as tmp:
        target = Path(tmp) / DATASETS
        target.mkdir()
        if problems:  # a damaged archive: its problems at its own files, nothing unpacked
            yield Side(f"{spec} ({FOLDER}/)", target, cwd, problems=tuple(problems))
            return
        unpack_release(archive, release, target)
        yield Side(f"{spec} ({FOLDER}/)", target, Path(tmp), prefix=f"{spec}:")


def is_revision(spec: str, cwd: Path) -> bool:
    """Whether git knows `spec` as a commit of the repository in `cwd`."""
    try:
        done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"],
                              cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return False
    return done.returncode == 0


def resolve_revision(spec: str, cwd: Path) -> str:
    """The commit a revision names (full sha), or a usage error saying what was expected."""
    try:
        done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"],
                              cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise UsageError(f"{spec}: no such folder, and git is not installed to read it as a "
                         "revision") from exc
    if done.returncode != 0:
        raise UsageError(f"{spec}: no such folder, nor a git revision of the repository in "
                         f"{cwd}")
    return done.stdout.strip()


def export_datasets(spec: str, sha: str, cwd: Path, target: Path) -> list[Problem]:
    """Write the revision's datasets/ (relative to `cwd`) into `target` with `git archive`.

    Returns a problem for each member not written: tarfile's 'data' filter refuses absolute
    paths, '..', links leaving the folder and special files, and so do we, one by one.
    """
    done = subprocess.run(["git", "archive", "--format=tar", f"{sha}:./{DATASETS}"],
                          cwd=cwd, capture_output=True, check=False)
    if done.returncode != 0:
        raise UsageError(f"{spec}: the revision has no {DATASETS}/ folder "
                         f"({done.stderr.decode('utf-8', 'replace').strip()})")
    target.mkdir(parents=True)
    problems, accepted = [], []
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        for member in archive.getmembers():
            try:
                accepted.append(tarfile.data_filter(member, str(target)))
            except tarfile.FilterError as exc:
                problems.append(_refused(member, exc))
        archive.extractall(target, members=accepted, filter="data")
    return problems


def _refused(member: tarfile.TarInfo, error: tarfile.FilterError) -> Problem:
    """The problem for a member of the revision that is not written."""
    path = f"{DATASETS}/{member.name}"
    if isinstance(error, (tarfile.AbsoluteLinkError, tarfile.LinkOutsideDestinationError)):
        return Problem(path, None, None, UNSAFE_LINK,
                       f"expected a file inside {DATASETS}/, found a link to "
                       f"{member.linkname!r}; links that leave the folder are not followed")
    if isinstance(error, tarfile.SpecialFileError):
        return Problem(path, None, None, NOT_A_FILE,
                       f"expected a regular file inside {DATASETS}/, found a special file")
    return Problem(path, None, None, "unsafe-path",
                   f"expected a path inside {DATASETS}/, found {member.name!r}")
