"""The benchmark release at a small scale: deterministic, valid, and aggregated per district."""

from __future__ import annotations

import gzip
import hashlib
import sys
from pathlib import Path

import pytest

from generator.config import load_config
from generator.markdown import environment
from generator.model import Asset, Page
from generator.sitedata import load_site_data
from generator.validate import fast, fast_read, fast_rules, validate_paths
from page_kinds import districts

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import release  # noqa: E402

TINY = release.Scale(villages=600, blocks=30, districts=12, partners=5, updates=3)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small benchmark release (the small scale of `make bench`)."""
    return release.write_release(tmp_path_factory.mktemp("bench") / "release",
                                 scale=release.SMALL)


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root` by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    """Two releases from one seed are byte-identical; another seed differs."""
    first = files(release.write_release(tmp_path / "a", scale=TINY))
    assert first == files(release.write_release(tmp_path / "b", scale=TINY))
    other = files(release.write_release(tmp_path / "c", seed=7, scale=TINY))
    villages = f"datasets/{release.PACKAGE}/villages.csv"
    assert other[villages] != first[villages]


def test_the_release_is_never_written_into_the_project() -> None:
    """datasets/ and content/ of the project are refused."""
    for folder in ("datasets", "content"):
        with pytest.raises(ValueError):
            release.write_release(release.REPO / folder / "bench", scale=TINY)


def test_the_release_has_the_promised_shape(project: Path) -> None:
    """Real LGD districts, synthetic villages, monthly snapshots, partners and updates."""
    villages = (project / "datasets" / release.PACKAGE / "villages.csv").read_text().splitlines()
    assert len(villages) == release.SMALL.villages + 1
    assert all("Synthetic Village" in line for line in villages[1:])
    monthly = (project / "datasets" / release.PACKAGE / "state_monthly.csv").read_text()
    assert len(monthly.splitlines()) - 1 == release.MONTHS * len(
        {line.split(",")[1] for line in villages[1:]})
    assert len(list((project / "content" / "updates").glob("*.md"))) == release.SMALL.updates
    organisations = project / "datasets" / "sector-partners" / "organisations.csv"
    assert len(organisations.read_text().splitlines()) == release.SMALL.partners + 1
    for name in ("mkdocs.yml", "site_templates/district.md.j2", "content/about.md"):
        assert (project / name).is_file()


def test_the_release_validates_the_same_both_ways(project: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid, and the vectorised checks of the villages agree with frictionless."""
    with monkeypatch.context() as patch:
        patch.setattr(fast, "LARGE_TABLE_ROWS", sys.maxsize)
        patch.setattr(fast_read, "PLAIN_READ_BYTES", sys.maxsize)
        patch.setattr(fast_rules, "VECTORISED_ROWS", sys.maxsize)
        reference = validate_paths([project / "datasets"], project)
    assert reference.valid
    monkeypatch.setattr(fast_read, "PLAIN_READ_BYTES", 0)
    monkeypatch.setattr(fast_rules, "VECTORISED_ROWS", 0)
    vectorised = validate_paths([project / "datasets"], project)
    assert isinstance(vectorised.tables[(release.PACKAGE, "villages")], fast.ColumnTable)
    assert [p.format() for p in vectorised.problems] == [p.format() for p in reference.problems]


def test_a_page_per_district_and_state_and_a_reproducible_gzip(project: Path) -> None:
    """The aggregation pages, and a gzip whose bytes and sha256 are stable."""
    config = load_config(project)
    validation = validate_paths([config.datasets], project)
    data = load_site_data(config, validation)
    outputs = districts.render(data, environment(config.templates))
    pages = {o.path: o for o in outputs if isinstance(o, Page)}
    [archive] = [o for o in outputs if isinstance(o, Asset)]
    villages = project / "datasets" / release.PACKAGE / "villages.csv"
    assert archive.path == f"data/{release.PACKAGE}/villages.csv.gz"
    assert gzip.decompress(archive.data) == villages.read_bytes()
    assert archive.data[4:8] == b"\0\0\0\0"  # mtime 0
    again = districts.render(data, environment(config.templates))
    assert [o for o in again if isinstance(o, Asset)][0].data == archive.data
    assert hashlib.sha256(archive.data).hexdigest() in pages["districts/index.md"].markdown
    codes = {line.split(",")[2] for line in villages.read_text().splitlines()[1:]}
    states = {line.split(",")[1] for line in villages.read_text().splitlines()[1:]}
    folder = f"districts/{release.PACKAGE}/"
    assert len([p for p in pages if p.count("/") == 3]) == len(codes)
    assert len([p for p in pages if p.startswith(folder) and p.count("/") == 2]) == len(states)


def test_district_totals_add_up(project: Path) -> None:
    """A district page's households are the sum of its villages' households."""
    config = load_config(project)
    data = load_site_data(config, validate_paths([config.datasets], project))
    [villages] = districts.village_resources(data)
    totals = districts.aggregate(data, villages)
    rows = (project / "datasets" / release.PACKAGE / "villages.csv").read_text().splitlines()[1:]
    first = int(rows[0].split(",")[2])
    expected = sum(int(r.split(",")[5]) for r in rows if int(r.split(",")[2]) == first)
    district = totals["district"].filter(totals["district"]["district"] == first)
    assert district["households"][0] == expected
    assert totals["state"]["villages"].sum() == len(rows)


def test_no_aggregate_resource_no_pages(tmp_path: Path) -> None:
    """The page kind renders nothing for a site without a village-level resource."""
    root = Path(__file__).parent / "fixtures" / "site"
    config = load_config(Path(__file__).resolve().parents[1])
    validation = validate_paths([root / "datasets"], root)
    data = load_site_data(config, validation)
    assert districts.render(data, environment(config.templates)) == []
