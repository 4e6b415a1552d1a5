"""The resources and fields a page kind reads, checked before anything is rendered.

A package may rename a column in both its descriptor and its CSV and still be valid Table
Schema, but a page kind that reads the old name would stop the build with a KeyError. So a
page kind written in Python declares what it reads in `NEEDS` (a tuple of Needs): when the
resources that make it render are published, the resources and fields it reads must be there,
or the build reports a problem at the descriptor before rendering. Configured kinds check the
fields their options name in their own check().
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .packages import Package
from .problems import Problem

CODE_FIELD = "site-field-missing"
CODE_RESOURCE = "site-resource-missing"


@dataclass(frozen=True)
class Needs:
    """What one page kind (`page`, as problems name it) reads: `fields` of each
    'package/resource', once all of `when` are published; `resources` must then exist (the
    others are read only when present)."""

    page: str
    when: tuple[str, ...]
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    resources: tuple[str, ...] = ()


def check_needs(packages: Iterable[Package], needs: Iterable[Needs]) -> list[Problem]:
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
