"""Every figure the site holds for one State/UT, from every resource, each with date and caveat.

One entry per published row of every table of the package with an LGD state code: the State/UT
tables, figures quoted in text, State/UT figures at other dates, the JJM-IMIS J23 and J3
extracts, the district figures, and any table added later (described from its schema). A row
without a date says why its date is not known; a row's caveat (the publication's
figures.caveat_fields) goes with it wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.figures import row_caveats
from generator.i18n import N_
from generator.languages import ENGLISH, Language
from generator.model import Resource
from generator.pages.rows import text_in
from generator.sitedata import SiteData, row_anchor

PACKAGE = "jjm-coverage"
TABLES, MENTIONS, TIMEPOINTS = "state_coverage", "state_mentions", "state_timepoints"
J23, J3, DISTRICTS = "jjm_imis_j23_snapshot", "jjm_imis_j3_partial", "district_mentions"
# The resources described in their own words, in the order the page lists kinds on one date;
# any other resource of the package with an LGD state code follows, described from its schema.
RESOURCES = (TABLES, MENTIONS, TIMEPOINTS, J23, J3, DISTRICTS)
STATE_CODE = "lgd_state_code"
NATIONAL = "national_timeseries"
STATE_TOTAL = "(state total)"
WITH_TAP = "pct_rural_hh_with_tap"  # the metric of the share of rural households with a tap
UP = "../../"  # from a State/UT page to the site root
# The date is said in words on the page ('4 Dec 2025 (year inferred)'), so this flag is not
# repeated as a caveat beside the figure.
DATE_FLAG = "date_inferred"

# Each metric in words, the figure as %(pct)s, %(count)s or %(lakh)s (translated where shown).
MENTION_METRICS = {
    "pct_rural_hh_with_tap": N_("%(pct)s of rural households with a tap"),
    "pct_rural_hh_without_tap": N_("%(pct)s of rural households without a tap"),
    "rural_hh_with_tap": N_("%(count)s rural households with a tap"),
    "rural_hh_without_tap_lakh": N_("%(lakh)s rural households without a tap"),
}
DISTRICT_METRICS = {
    "pct_rural_hh_with_tap": N_("%(pct)s of rural households with a tap"),
    "total_rural_hh_lakh": N_("%(lakh)s rural households"),
    "hh_with_tap_lakh": N_("%(lakh)s rural households with a tap"),
    "hh_without_tap_lakh": N_("%(lakh)s rural households without a tap"),
}


@dataclass(frozen=True)
class StateFigure:
    """One published row about a State/UT (or one of its districts), in words."""

    resource: str
    kind: str            # what the row is: 'State/UT table', 'Figure quoted in text', ...
    as_of: str           # ISO date, '' when not known (sorts after the dated ones)
    date: str            # the date in words, or 'date not known: why'
    figure: str          # the figure(s) in words, in the published units
    note: str            # the row's own note, as published
    caveats: tuple[str, ...]
    source_id: str
    row_link: str
    row_label: str
    line: int
    district: str = ""   # the district as printed, for district rows
    metric: str = ""     # what a long-format row measures ('' for wide rows)
    value: str = ""      # the published value of a long-format row

    @property
    def caveat(self) -> str:
        """The caveats as one sentence ('' for none)."""
        return "; ".join(self.caveats)


def state_resources(data: SiteData) -> list[str]:
    """The package's published resources with State/UT rows: the known ones, then the rest."""
    if not any(p.name == PACKAGE for p in data.packages):
        return []
    package = data.package(PACKAGE)
    with_code = [r.name for r in package.resources if (PACKAGE, r.name) in data.frames
                 and r.name != NATIONAL and any(f.get("name") == STATE_CODE for f in r.fields)]
    return [r for r in RESOURCES if r in with_code] + [r for r in with_code if r not in RESOURCES]


def rows_by_state(data: SiteData) -> dict[str, dict[int, list[dict]]]:
    """Each resource's rows (published strings and `_line`) grouped by LGD state code."""
    grouped: dict[str, dict[int, list[dict]]] = {}
    for resource in state_resources(data):
        grouped[resource] = {}
        for row in data.frame(PACKAGE, resource).to_dict("records"):
            if str(row.get("lgd_state_code", "")).strip() and row.get("row_type", "state") \
                    == "state":
                grouped[resource].setdefault(int(row["lgd_state_code"]), []).append(row)
    return grouped


def state_figures(data: SiteData, grouped: dict[str, dict[int, list[dict]]], code: int,
                  source_dates: dict[str, str], language: Language = ENGLISH
                  ) -> list[StateFigure]:
    """Every row about the State/UT `code`, dated ones by date, then those without a date."""
    package = data.package(PACKAGE)
    caveat_fields = tuple(f for f in data.config.publication.figures.caveat_fields
                          if f != DATE_FLAG)
    out = []
    order = list(grouped)
    for name in order:
        resource = package.resource(name)
        describe = DESCRIBE.get(name) or _described_by(resource, language)
        for row in grouped[name].get(code, []):
            kind, as_of, date, figure = describe(row, source_dates, language)
            out.append(StateFigure(
                name, kind, as_of, date, figure, str(row.get("note", "") or ""),
                tuple(row_caveats(resource, row, caveat_fields, language)), row["source_id"],
                f"{UP}data/{PACKAGE}/{name}.md#{row_anchor(resource, row)}",
                language.gettext("%(file)s, line %(line)s") % {
                    "file": resource.path, "line": row["_line"]}, int(row["_line"]),
                _district(row), *_measure(name, row)))
    return sorted(out, key=lambda f: (f.as_of == "", f.as_of, f.district,
                                      order.index(f.resource), f.line))


def _measure(resource: str, row: dict) -> tuple[str, str]:
    """What a row measures and its value: a table row's is its published share with a tap."""
    if resource == TABLES:
        return (WITH_TAP, row["hh_tap_as_of_pct"]) if row["hh_tap_as_of_pct"] else ("", "")
    return str(row.get("metric", "")), str(row.get("value", ""))


def _district(row: dict) -> str:
    name = str(row.get("district_name_published", ""))
    return "" if name in ("", STATE_TOTAL) else name


def _lakh(value: str, language: Language) -> str:
    """'3.16 lakh' in the page's language."""
    return language.numbers.count_text(value, "lakh")["short"]


def _with_pct(count: str, pct: str, language: Language = ENGLISH) -> str:
    """'3.16 lakh (1.89%)'; either may be blank (not reported)."""
    shown = _lakh(count, language)
    return f"{shown} ({language.numbers.percent(pct)})" if pct else shown


def _reason(row: dict, language: Language = ENGLISH) -> str:
    """Why a table row is incomplete, from its row_complete cell (data: shown as published)."""
    text = str(row.get("row_complete", "") or "")
    return text.removeprefix("no").strip(" ()") or language.gettext("figure blank")


def _dated(row: dict, language: Language, inferred: bool = False) -> tuple[str, str]:
    date = language.numbers.human_date(row["as_of"])
    return row["as_of"], (language.gettext("%(date)s (year inferred)") % {"date": date}
                          if inferred else date)


def _undated(row: dict, source_dates: dict[str, str], language: Language = ENGLISH) -> str:
    """'date not known: ...', with the row's note on its date or the source's lack of one."""
    _ = language.gettext
    note = str(row.get("as_of_note", "") or "").strip()
    detail = note.removeprefix("unknown").strip(" ()")
    if detail:
        return _("date not known (%(detail)s)") % {"detail": detail}
    if not source_dates.get(row["source_id"]):
        return _("date not known (the source, %(source)s, is undated)") % {
            "source": row["source_id"]}
    return _("date not known")


def _table(row: dict, _sources: dict[str, str], language: Language = ENGLISH
           ) -> tuple[str, str, str, str]:
    """A State/UT table row in words: coverage, households, baseline and connections since."""
    _, n = language.gettext, language.numbers
    if row["hh_tap_as_of_pct"] or row["hh_tap_as_of_lakh"]:
        tap = _("%(pct)s with a tap (%(count)s of %(total)s households)") % {
            "pct": n.percent(row["hh_tap_as_of_pct"]),
            "count": _lakh(row["hh_tap_as_of_lakh"], language),
            "total": _lakh(row["total_rural_hh_lakh"], language)}
    else:
        tap = _("with a tap: not reported in this table (%(reason)s); rural households "
                "%(total)s") % {"reason": _reason(row, language),
                                "total": _lakh(row["total_rural_hh_lakh"], language)}
    parts = [tap, _("on %(date)s: %(figure)s") % {
        "date": n.human_date("2019-08-15"),
        "figure": _with_pct(row["hh_tap_on_2019_08_15_lakh"], row["hh_tap_on_2019_08_15_pct"],
                            language)}]
    if row["hh_added_since_2019_08_lakh"]:
        parts.append(_("connected since: %(figure)s") % {"figure": _with_pct(
            row["hh_added_since_2019_08_lakh"], row["hh_added_since_2019_08_pct"], language)})
    as_of, date = _dated(row, language, row.get("date_inferred") == "true")
    return _("State/UT table"), as_of, date, "; ".join(parts)


def _in_words(templates: dict[str, str], row: dict, language: Language = ENGLISH) -> str:
    """A long-format row's figure in its own unit."""
    n = language.numbers
    template = templates.get(row["metric"])
    if template is None:
        return f"{row['metric']}: {row['value']} {row['unit']}"
    return language.gettext(template) % {"pct": n.percent(row["value"]),
                                         "count": n.group_indian(row["value"]),
                                         "lakh": _lakh(row["value"], language)}


def _mention(row: dict, _sources: dict[str, str], language: Language = ENGLISH
             ) -> tuple[str, str, str, str]:
    as_of, date = _dated(row, language)
    return (language.gettext("Figure quoted in text"), as_of, date,
            _in_words(MENTION_METRICS, row, language))


def _in_unit(value: str, unit: str, language: Language = ENGLISH) -> str:
    """A value in its published unit: '69.56%', '38 lakh households', '1,234 villages'.

    A unit is the data's word (shown as published); lakh and percent are the language's.
    """
    n = language.numbers
    if unit == "percent":
        return n.percent(value)
    if unit.startswith("lakh"):
        return f"{_lakh(value, language)}{unit[4:]}"
    return f"{n.group_indian(value)} {unit}"


def _timepoint(row: dict, _sources: dict[str, str], language: Language = ENGLISH
               ) -> tuple[str, str, str, str]:
    as_of, date = _dated(row, language, row.get("date_inferred") == "true")
    figure = " ".join(p for p in (row.get("qualifier", ""),
                                  _in_unit(row["value"], row["unit"], language)) if p)
    return (language.gettext("Figure quoted in text"), as_of, date,
            f"{figure}: {row['metric_as_printed'] or row['metric']}")


def _j23(row: dict, source_dates: dict[str, str], language: Language = ENGLISH
         ) -> tuple[str, str, str, str]:
    _, n = language.gettext, language.numbers
    figure = _("%(with_tap)s of %(total)s rural households with a tap; %(without)s without "
               "(%(pct)s)") % {"with_tap": n.group_indian(row["hh_with_tap_as_on_date"]),
                               "total": n.group_indian(row["total_rural_hh"]),
                               "without": n.group_indian(row["balance_hh"]),
                               "pct": n.percent(row["balance_pct"])}
    if row.get("saturation_target_reported_by_state"):
        figure += _("; every household by %(target)s (the State's target)") % {
            "target": row["saturation_target_reported_by_state"]}
    if row.get("as_of"):
        as_of, date = _dated(row, language)
    else:
        as_of, date = "", _undated(row, source_dates, language)
    return _("JJM-IMIS report J23"), as_of, date, figure


def _j3(row: dict, _sources: dict[str, str], language: Language = ENGLISH
        ) -> tuple[str, str, str, str]:
    _, n = language.gettext, language.numbers
    year = row["financial_year"]
    figure = _("%(total)s rural households, %(without)s still without a tap (%(pct)s); "
               "%(villages)s villages") % {
        "total": _lakh(row["total_hh_lakh"], language),
        "without": _lakh(row["balance_hh_tap_lakh"], language),
        "pct": n.percent(row["balance_pct_of_total_hh"]),
        "villages": n.group_indian(row["total_villages"])}
    return (_("JJM-IMIS report J3"), "",
            _("financial year %(year)s (the day is not known)") % {
                "year": f"{year[:4]}-{year[-2:]}"}, figure)


def _district_row(row: dict, source_dates: dict[str, str], language: Language = ENGLISH
                  ) -> tuple[str, str, str, str]:
    _ = language.gettext
    kind = _("District figure quoted in news") if _district(row) else \
        _("State total quoted in news")
    if row.get("as_of"):
        as_of, date = _dated(row, language)
    else:
        as_of, date = "", _undated(row, source_dates, language)
    return kind, as_of, date, _in_words(DISTRICT_METRICS, row, language)


def _described_by(resource: Resource, language: Language = ENGLISH):
    """A describer for a table without words of its own: its figure in its unit (long tables:
    metric, value, unit), else each number with its field's title; its date, or why not."""
    # Titles in `language` where the descriptor has them (title_hi), else the English ones.
    numeric = [(str(f.get("name")), str(text_in(f, "title", language)[0] or f.get("name")))
               for f in resource.fields
               if f.get("type") in ("number", "integer") and f.get("name") != STATE_CODE
               and not str(f.get("name")).startswith("lgd_")]
    kind = str(text_in(resource.descriptor, "title", language)[0] or resource.name)

    def describe(row: dict, source_dates: dict[str, str], language: Language = language
                 ) -> tuple[str, str, str, str]:
        _, n = language.gettext, language.numbers
        if "value" in row and "unit" in row:
            figure = " ".join(p for p in (row.get("qualifier", ""),
                                          _in_unit(row["value"], row["unit"], language)) if p)
            figure += f": {row.get('metric_as_printed') or row.get('metric', '')}".rstrip(": ")
        else:
            figure = "; ".join(f"{title}: {n.group_indian(row[name])}"
                               for name, title in numeric if row.get(name))
        if row.get("as_of"):
            as_of, date = _dated(row, language, row.get("date_inferred") == "true")
        elif "as_of" in row:
            as_of, date = "", _undated(row, source_dates, language)
        else:
            as_of, date = "", _("date not known (the table has no date)")
        return kind, as_of, date, figure or _("no figure in this row")
    return describe


DESCRIBE = {TABLES: _table, MENTIONS: _mention, TIMEPOINTS: _timepoint, J23: _j23, J3: _j3,
            DISTRICTS: _district_row}
