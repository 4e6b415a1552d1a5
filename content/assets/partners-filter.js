/* Filters for the directory of organisations on partners/index.html. No libraries, no requests.
 *
 * A faithful port of filter_organisations() in page_kinds/partners.py: change both
 * together. The matching rules:
 * - Whitespace: every value compared has its runs of whitespace collapsed to one space and is
 *   trimmed (the page shows values that way, and this script reads what the page shows).
 * - state, theme, type: exact, case-sensitive match. The states and themes cells are lists
 *   separated by ';' (written '; '); blank items are dropped. A state item's trailing
 *   '(detail)' is not part of the state's name: 'Uttar Pradesh (11 districts)' is the state
 *   'Uttar Pradesh', and '(not specified)' names no state. type is the whole
 *   organisation_type cell.
 * - q: trimmed and lower-cased (toLowerCase here, str.lower in Python), then a substring match
 *   against the organisation's name, its themes cell or its relationship cell, each
 *   lower-cased. An empty value does not filter.
 * - All given filters must match (AND).
 *
 * The filter state lives in the query string (?state=Assam&theme=...&type=trust&q=water), so a
 * filtered view can be shared; loading such a URL applies it. Without JavaScript the form stays
 * hidden and every organisation is listed.
 */
(function () {
  "use strict";

  var FILTERS = ["state", "theme", "type", "q"];
  var SEARCHED = ["organisation", "themes", "relationship_as_described"];
  var DETAIL = /\s*\([^()]*\)$/;

  function squash(value) {
    return String(value || "").replace(/\s+/g, " ").trim();
  }

  function splitList(value) {
    return String(value || "").split(";")
      .map(squash)
      .filter(function (item) { return item !== ""; });
  }

  function stateNames(value) {
    var names = [];
    splitList(value).forEach(function (item) {
      var name = item.replace(DETAIL, "").trim();
      if (name && names.indexOf(name) < 0) { names.push(name); }
    });
    return names;
  }

  function filterOrganisations(rows, state, theme, type, q) {
    state = squash(state);
    theme = squash(theme);
    type = squash(type);
    var needle = squash(q).toLowerCase();
    return rows.filter(function (row) {
      return (!state || stateNames(row.states).indexOf(state) >= 0) &&
        (!theme || splitList(row.themes).indexOf(theme) >= 0) &&
        (!type || squash(row.organisation_type) === type) &&
        (!needle || SEARCHED.some(function (f) {
          return squash(row[f]).toLowerCase().indexOf(needle) >= 0;
        }));
    });
  }

  // Exposed for the browser tests, which compare it with the Python filter on the same rows.
  window.jjmPartnersFilter = {
    filterOrganisations: filterOrganisations, splitList: splitList, stateNames: stateNames,
    squash: squash
  };

  function field(article, name) {
    var el = article.querySelector('[data-f="' + name + '"]');
    return el ? el.textContent : "";
  }

  function readQuery() {
    var params = new URLSearchParams(window.location.search);
    var values = {};
    FILTERS.forEach(function (key) { values[key] = params.get(key) || ""; });
    return values;
  }

  function writeQuery(values) {
    var params = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (key) {
      if (values[key]) { params.set(key, values[key]); } else { params.delete(key); }
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try {
      window.history.replaceState(null, "", url);
    } catch (e) {
      // Some browsers refuse to rewrite file:// URLs; the filters still work without it.
    }
  }

  function text(id) {
    var el = document.getElementById(id);
    return el ? el.textContent.trim() : "";
  }

  function init() {
    var form = document.getElementById("od-filter");
    var list = document.getElementById("od-org-list");
    if (!form || !list || !window.URLSearchParams) { return; }
    var status = document.getElementById("od-filter-status");
    var none = document.getElementById("od-org-none");
    var rows = Array.prototype.map.call(list.querySelectorAll("article.od-org"), function (a) {
      return {
        element: a,
        organisation: a.querySelector("h3").textContent,
        organisation_type: field(a, "type"),
        states: field(a, "states"),
        themes: field(a, "themes"),
        relationship_as_described: field(a, "rel")
      };
    });

    function current() {
      var values = {};
      FILTERS.forEach(function (key) { values[key] = form.elements[key].value; });
      return values;
    }

    function apply(values) {
      var shown = filterOrganisations(rows, values.state, values.theme, values.type, values.q);
      var keep = new Set(shown);
      rows.forEach(function (row) {
        var hide = !keep.has(row);
        if (row.element.hidden !== hide) { row.element.hidden = hide; }
      });
      var filtered = FILTERS.some(function (key) { return values[key].trim() !== ""; });
      // The page gives the words in its language (#od-filter-words-some, -all), else English.
      var words = filtered
        ? text("od-filter-words-some") || "Showing {shown} of {total} organisations."
        : text("od-filter-words-all") || "Showing all {total} organisations.";
      status.textContent = words.replace("{shown}", String(shown.length))
        .replace("{total}", String(rows.length));
      none.hidden = shown.length !== 0;
    }

    function setControl(key, value) {
      var control = form.elements[key];
      if (control.tagName === "SELECT" && value &&
          !Array.prototype.some.call(control.options, function (o) { return o.value === value; })) {
        // A shared URL may name a value no organisation has (any more): show it, match nothing.
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value + " (0)";
        control.appendChild(option);
      }
      control.value = value;
    }

    var initial = readQuery();
    FILTERS.forEach(function (key) { setControl(key, initial[key]); });
    form.hidden = false;
    status.hidden = false;
    apply(current());

    function update() {
      var values = current();
      apply(values);
      writeQuery(values);
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
