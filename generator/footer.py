"""Every page's footer: the data's licences, where it comes from, the release and its date, and
how to report an error. Computed from the descriptors and the publication file; the theme's
partials/copyright.html formats it, escaping every value."""

from __future__ import annotations

import html

from .languages import ENGLISH, Language
from .markdown import safe_url
from .publication import REPORT_LINK
from .releases import release_of
from .sitedata import SiteData

REGISTRY = "sources"  # a package's source registry, when it has one (else descriptor sources)
_LINK = "\x00"  # where a sentence's link goes, split out so the theme writes the link itself


def site_footer(data: SiteData, language: Language = ENGLISH) -> dict:
    """What the footer says in `language`, as plain strings and site paths (the theme makes
    them relative). MkDocs renders the theme, without our catalogue: every word is here."""
    publication = data.config.publication
    kinds = {section.kind for section in publication.sections}
    version, date = release_of(data.packages)
    settings = publication.footer
    report = " ".join(str(settings.get("report_errors") or "").split())
    footer = {
        "licences": licences(data),
        "datasets": len(data.packages),
        "sources": source_count(data),
        "catalog": "data/index.html" if "catalog" in kinds else "",
        "version": version,
        "date": language.numbers.human_date(date) if date else "",
        "releases": "releases/index.html" if "releases" in kinds else "",
        # The publication's own text: its catalogue translates it (the English is the msgid).
        "report_errors": language.gettext(report) if report else "",
        **report_link(str(settings.get("report_link") or "")),
    }
    return footer | {"words": words(footer, language)}


def words(footer: dict, language: Language = ENGLISH) -> dict[str, str]:
    """The footer's own words in `language`, escaped as HTML text; a sentence with a link in it
    comes as the text before the link, the link's words and the text after it."""
    _, ngettext = language.gettext, language.ngettext
    figure = getattr(language.numbers, "digits", str)  # Devanagari digits when asked for
    licences_count, datasets, sources = len(footer["licences"]), footer["datasets"], footer["sources"]
    where = ngettext("%(sources)s public source, each named with the rows it gave, in %(datasets)s.",
                     "%(sources)s public sources, each named with the rows it gave, in %(datasets)s.",
                     sources) % {"sources": figure(str(sources)), "datasets": _LINK}
    before, _link, after = where.partition(_LINK)
    made = _("Made with %(tool)s") % {"tool": _LINK}
    made_before, _link, made_after = made.partition(_LINK)
    words = {
        "licences": ngettext("Data licence:", "Data licences:", licences_count),
        "each_own": _("(each dataset's page names its own)"),
        "where": _("Where the data comes from:"),
        "where_before": before.rstrip(), "where_after": after,
        "datasets": ngettext("%(count)s dataset", "%(count)s datasets", datasets) % {
            "count": figure(str(datasets))},
        "release": _("Release:"),
        "error": _("Found an error?"),
        "how": _("How to report it"),
        "made_before": made_before.rstrip(), "made_after": made_after,
    }
    # Escaped here, as HTML text (an apostrophe needs none): the partial writes them as they are.
    return {key: html.escape(text, quote=False) for key, text in words.items()}


def licences(data: SiteData) -> list[dict]:
    """Each distinct licence of the packages, in the order first named: title, http(s) link."""
    seen: dict[tuple[str, str], dict] = {}
    for package in data.packages:
        for lic in package.descriptor.get("licenses") or ():
            if not isinstance(lic, dict):
                continue
            title = " ".join(str(lic.get("title") or lic.get("name") or "").split())
            url = safe_url(lic.get("path")) or ""
            if title and (title, url) not in seen:
                seen[(title, url)] = {"title": title, "url": url}
    return list(seen.values())


def source_count(data: SiteData) -> int:
    """How many sources the packages name: rows of each source registry, else descriptor sources."""
    count = 0
    for package in data.packages:
        if package.resource(REGISTRY) is not None and (package.name, REGISTRY) in data.frames:
            count += len(data.validation.tables[(package.name, REGISTRY)].rows)  # no frame
        else:
            count += sum(1 for s in package.descriptor.get("sources") or () if isinstance(s, dict))
    return count


def report_link(link: str) -> dict[str, str]:
    """The report link: an http(s) or mailto: address as it is, a docs path as its page's path.

    publication.py has refused anything else (REPORT_LINK), so nothing else links here.
    """
    link = link.strip()
    if not REPORT_LINK.fullmatch(link):
        return {"report_url": "", "report_page": ""}
    if link.lower().startswith("mailto:") or safe_url(link):
        return {"report_url": link, "report_page": ""}
    path, hash_, anchor = link.partition("#")
    if path.endswith(".md"):
        return {"report_url": "", "report_page": path[:-3] + ".html" + hash_ + anchor}
    return {"report_url": "", "report_page": ""}
