"""Citations of a data package version, or of one of its tables: plain text, BibTeX, RIS and
CSL-JSON, all written from the descriptor and pinned to the version's zip.

A citation names the version and links that version's files: the zip NAME-VERSION.zip at the
address the caller gives (the release archive's copy once the version is archived, which later
releases never replace). With the publication's site URL the link is absolute; without one a
citation names the file and carries no URL, since a link relative to a site nobody knows the
address of would lead nowhere once copied into a paper.

Every value is escaped for its format: one line of text (control characters and line breaks
become spaces, so a value can start no RIS tag and no BibTeX field), BibTeX's special
characters as LaTeX commands (so braces stay balanced and nothing is a command), JSON by the
json module. The page that shows them escapes them again for HTML.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from .downloads import bundle_name, known_licence
from .i18n import N_
from .packages import Package, Resource

if TYPE_CHECKING:
    from .languages import Language

CREATOR_ROLES = ("author", "creator")  # contributors a citation names as its authors
PUBLISHER_ROLE = "publisher"  # named as authors when the descriptor names no author
# Each format: its name for readers, the file's suffix. BibTeX, RIS and CSL-JSON are names,
# the same in every language; "plain text" is words, translated where it is shown.
FORMATS = {"bibtex": ("BibTeX", ".bib"), "ris": ("RIS", ".ris"),
           "csl": ("CSL-JSON", ".csl.json"), "text": (N_("plain text"), ".txt")}
TRANSLATED_NAMES = {"text"}  # the formats whose name is words, not a name
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_KEY = re.compile(r"[^A-Za-z0-9._:-]")
_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
          "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}",
          "~": r"\textasciitilde{}"}
_LATEX_SPECIAL = re.compile(r"[\\{}%&$#_^~]")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_URL_SAFE = ":/?=&+._-"  # characters a permalink keeps as they are; the rest percent-encoded


@dataclass(frozen=True)
class Work:
    """What a citation says, taken once from the descriptor: the same facts in every format."""

    key: str  # the citation key and CSL id: NAME-VERSION, and -TABLE for a table
    title: str
    creators: tuple[str, ...]  # organisations (or people) as the descriptor names them
    publisher: str
    version: str
    released: str  # the version's release date, YYYY-MM-DD (the descriptor's `created`)
    package: str  # the package name
    file: str  # the version's zip, NAME-VERSION.zip
    url: str  # the permalink as an absolute URL; '' without a site URL
    licences: tuple[str, ...]  # each 'Title (NAME)' as far as the descriptor says
    keywords: tuple[str, ...]
    container: str = ""  # for a table: the package's title
    table: str = ""  # for a table: its file inside the zip

    @property
    def year(self) -> str:
        """The release year, or '' when the descriptor gives no date."""
        return self.released[:4] if _DAY.fullmatch(self.released) else ""


def line(value: object) -> str:
    """A value on one line: control characters, line and paragraph separators as spaces."""
    return " ".join(_CONTROL.sub(" ", "" if value is None else str(value)).split())


def cite(package: Package, publisher: str, permalink: str, site_url: str | None = None,
         resource: Resource | None = None) -> Work:
    """The citation of a package version, or of one of its tables, from the descriptor.

    `permalink` is where that version's zip is published, relative to the site's root
    (releases/NAME-VERSION.zip); `publisher` is who publishes it (the site's name).
    """
    d = package.descriptor
    contributors = [c for c in d.get("contributors") or [] if isinstance(c, dict)]

    def named(roles: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line(c.get("title")) for c in contributors
                                   if c.get("role") in roles and line(c.get("title"))))

    version = line(d.get("version"))
    key = _KEY.sub("-", f"{package.name}-{version}")
    title = line(d.get("title") or package.name)
    table = {}
    if resource is not None:
        key = _KEY.sub("-", f"{key}-{resource.name}")
        table = {"container": title, "table": line(resource.path),
                 "title": line(resource.descriptor.get("title") or resource.name)}
    return Work(**{
        "key": key, "title": title, "version": version,
        "creators": named(CREATOR_ROLES) or named((PUBLISHER_ROLE,)) or (line(publisher),),
        "publisher": line(publisher),
        "released": line(d.get("created"))[:10], "package": package.name,
        "file": bundle_name(package),
        "url": f"{site_url}{quote(permalink, safe=_URL_SAFE)}" if site_url else "",
        "licences": tuple(licence_name(lic) for lic in d.get("licenses") or []
                          if isinstance(lic, dict)),
        "keywords": tuple(line(k) for k in d.get("keywords") or [] if line(k)),
        **table,
    })


def licence_name(licence: dict) -> str:
    """'Title (NAME)' of a licence, its title from the engine's list when it gives none."""
    known = known_licence(licence)
    name = line(licence.get("name"))
    title = line(licence.get("title")) or (known[0] if known else "") or name
    return f"{title} ({name})" if name and title != name else title or "a licence without a name"


def note(work: Work) -> str:
    """Which files are cited, and under which licence."""
    what = (f"Table {work.table} of the data package {work.package}" if work.table
            else f"Data package {work.package}")
    licences = "; ".join(work.licences) or "none stated"
    return f"{what}, version {work.version}, file {work.file}. Licence: {licences}."


def plain_parts(work: Work) -> tuple[str, str]:
    """The plain citation as its words and its link: the permalink, else 'File NAME.zip'."""
    who = "; ".join(work.creators)
    year = f" ({work.year})" if work.year else ""
    what = (f"{work.title}. Table {work.table} in: {work.container}" if work.table
            else work.title)
    released = f" of {work.released}" if work.released else ""
    licences = f" Licence: {'; '.join(work.licences)}." if work.licences else ""
    words = (f"{who}{year}. {what}, version {work.version}{released} [data set]. "
             f"{work.publisher}.{licences}")
    return line(words), work.url or f"File {work.file}"


def plain_text(work: Work) -> str:
    """The citation as one line of plain text, link last."""
    words, link = plain_parts(work)
    return f"{words} {link}"


def _bib(value: object) -> str:
    """Text inside a BibTeX field: one line, LaTeX's special characters as commands."""
    return _LATEX_SPECIAL.sub(lambda m: _LATEX[m.group(0)], line(value))


def bibtex(work: Work) -> str:
    """A BibTeX @misc entry (biblatex reads its version and date; BibTeX styles the rest)."""
    fields = [
        ("author", " and ".join(f"{{{_bib(c)}}}" for c in work.creators)),
        ("title", f"{{{_bib(work.title)}}}"),  # braced twice: styles keep its capitals
        ("year", _bib(work.year)), ("date", _bib(work.released)),
        ("version", _bib(work.version)), ("publisher", _bib(work.publisher)),
        ("howpublished", _bib(f"Data set, file {work.file}" + (
            f", table {work.table} in: {work.container}" if work.table else ""))),
        ("url", work.url), ("keywords", _bib(", ".join(work.keywords))),
        ("note", _bib(note(work))),
    ]
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields if value)
    return f"@misc{{{work.key},\n{body}}}\n"


def ris(work: Work) -> str:
    """An RIS record of type DATA, one tag a line."""
    day = _DAY.fullmatch(work.released)
    tags = [("TY", "DATA"), ("ID", work.key), ("TI", work.title), ("T2", work.container),
            *(("AU", c) for c in work.creators), ("PY", work.year),
            ("DA", "/".join(day.groups()) if day else ""), ("ET", work.version),
            ("PB", work.publisher), ("UR", work.url), *(("KW", k) for k in work.keywords),
            ("N1", note(work))]
    return "".join(f"{tag}  - {line(value)}\n" for tag, value in tags if line(value)) + "ER  - \n"


def csl_item(work: Work) -> dict:
    """The citation as one CSL-JSON item of type dataset."""
    day = _DAY.fullmatch(work.released)
    item = {"id": work.key, "type": "dataset", "title": work.title,
            "author": [{"literal": c} for c in work.creators], "version": work.version,
            "publisher": work.publisher, "note": note(work)}
    if day:
        item["issued"] = {"date-parts": [[int(part) for part in day.groups()]]}
    optional = {"container-title": work.container, "URL": work.url,
                "keyword": ", ".join(work.keywords)}
    return item | {name: value for name, value in optional.items() if value}


def csl_json(work: Work) -> str:
    """A CSL-JSON file: an array holding the one item."""
    return json.dumps([csl_item(work)], indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def format_names(language: Language | None = None) -> list[tuple[str, str, str]]:
    """Each format as (key, name for readers in `language`, file suffix); the files themselves
    are one set in every language."""
    def name(key: str, words: str) -> str:
        return language.gettext(words) if language is not None and key in TRANSLATED_NAMES \
            else words
    return [(key, name(key, words), suffix) for key, (words, suffix) in FORMATS.items()]


def formats(work: Work) -> dict[str, str]:
    """The citation in every format, by the keys of FORMATS."""
    return {"bibtex": bibtex(work), "ris": ris(work), "csl": csl_json(work),
            "text": plain_text(work) + "\n"}
