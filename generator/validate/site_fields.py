"""The resources and fields the site's page kinds read, checked before anything is rendered.

A package may rename a column in both its descriptor and its CSV and still be valid Table
Schema, but a page kind that reads the old name would stop the build with a KeyError. So each
page kind's needs are listed here: when the resources that make it render are published, the
resources and fields it reads must be there, or validation reports a problem at the
descriptor. The lists were taken from the page kinds (generator/pages/) by renaming each field
of the real data in turn; tests/test_valid_data_builds.py checks every entry. A page kind that
starts reading another field adds it here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..packages import Package
from ..problems import Problem

CODE_FIELD = "site-field-missing"
CODE_RESOURCE = "site-resource-missing"
SOURCE_FIELDS = ("source_id", "title", "publisher_or_outlet", "date_published")


@dataclass(frozen=True)
class Needs:
    """What one page kind (`page`, as problems name it) reads: `fields` of each
    'package/resource', once all of `when` are published; `resources` must then exist (the
    others are read only when present)."""

    page: str
    when: tuple[str, ...]
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    resources: tuple[str, ...] = ()


COVERAGE_TABLES = ("jjm-coverage/national_timeseries", "jjm-coverage/state_coverage",
                   "jjm-coverage/state_mentions")

NEEDS = (
    Needs("the home page", ("jjm-coverage/national_timeseries",), {
        "jjm-coverage/national_timeseries": (
            "as_of", "total_rural_hh_crore", "hh_with_tap_crore", "hh_with_tap_pct",
            "hh_added_since_launch_crore", "qualifier"),
    }),
    Needs("the coverage and State/UT pages", COVERAGE_TABLES, {
        "jjm-coverage/national_timeseries": (
            "as_of", "as_of_precision", "total_rural_hh_crore", "hh_with_tap_crore",
            "hh_with_tap_pct", "hh_added_since_launch_crore", "total_rural_hh_exact",
            "hh_with_tap_exact", "hh_added_since_launch_exact", "qualifier", "source_id"),
        "jjm-coverage/state_coverage": (
            "as_of", "date_inferred", "row_in_source", "state_name", "lgd_state_code",
            "total_rural_hh_lakh", "hh_tap_on_2019_08_15_lakh", "hh_tap_on_2019_08_15_pct",
            "hh_added_since_2019_08_lakh", "hh_added_since_2019_08_pct", "hh_tap_as_of_lakh",
            "hh_tap_as_of_pct", "source_id"),
        "jjm-coverage/state_mentions": (
            "as_of", "state_name", "lgd_state_code", "metric", "value", "source_id"),
        "jjm-coverage/sources": (*SOURCE_FIELDS, "url"),
        "admin-codes/states": ("lgd_state_code", "state_name"),
    }),
    Needs("the livelihoods page", ("livelihoods/jkrlm_figures",), {
        "livelihoods/jkrlm_figures": (
            "as_of", "as_of_note", "geography", "metric", "value", "unit", "qualifier",
            "source_id", "note"),
        "livelihoods/day_nrlm_national": ("as_of", "metric", "value", "unit", "source_id"),
        "livelihoods/sources": SOURCE_FIELDS,
    }, ("livelihoods/day_nrlm_national", "livelihoods/sources")),
    Needs("the partners page", ("sector-partners/organisations",), {
        "sector-partners/organisations": ("organisation_id", "organisation"),
        "sector-partners/programme_facts": ("date", "fact", "source_id"),
        "sector-partners/vocabulary": ("category", "term"),
        "sector-partners/sources": ("source_id",),
    }, ("sector-partners/programme_facts", "sector-partners/vocabulary",
        "sector-partners/sources")),
)


def check_site_fields(packages: Iterable[Package], needs: tuple[Needs, ...] = NEEDS
                      ) -> list[Problem]:
    """A problem for each resource or field a page kind would read and that is missing."""
    packages = list(packages)
    published = {f"{p.name}/{r.name}": (p, i, r) for p in packages
                 for i, r in enumerate(p.resources)}
    missing_fields: dict[tuple[str, str], list[str]] = {}
    missing_resources: dict[str, list[str]] = {}
    for need in needs:
        if not all(name in published for name in need.when):
            continue
        for name in need.resources:
            if name not in published and name.split("/")[0] in {p.name for p in packages}:
                missing_resources.setdefault(name, []).append(need.page)
        for name, fields in need.fields.items():
            if name not in published:
                continue
            have = {f.get("name") for f in published[name][2].fields}
            for field_name in fields:
                if field_name not in have:
                    missing_fields.setdefault((name, field_name), []).append(need.page)
    problems = []
    for name, pages in missing_resources.items():
        package_name, resource_name = name.split("/")
        package = next(p for p in packages if p.name == package_name)
        problems.append(Problem(
            package.descriptor_display, None, "resources", CODE_RESOURCE,
            f"expected a resource {resource_name!r} in {package_name} (read by "
            f"{_readers(pages)}), found none; keep the resource, or change the page kind "
            f"with it"))
    for (name, field_name), pages in missing_fields.items():
        package, index, _ = published[name]
        problems.append(Problem(
            package.descriptor_display, None, f"resources[{index}].schema.fields", CODE_FIELD,
            f"expected a field {field_name!r} in {name} (read by {_readers(pages)}), found "
            f"none; keep the field's name, or change the page kind with it"))
    return problems


def _readers(pages: list[str]) -> str:
    """'the home page', or 'the home page and the livelihoods page'."""
    return " and ".join(dict.fromkeys(pages))
