/* Sortable tables for the coverage page: progressive enhancement of a plain HTML table.
   Without JavaScript the table is complete as it is. With it, each column heading becomes a
   button; cells sort by their data-value (numbers numerically), blanks (not reported) last. */
(function () {
  "use strict";
  function key(cell, numeric) {
    var value = cell.getAttribute("data-value");
    if (value === null) { value = cell.textContent.trim(); }
    if (value === "") { return null; }
    return numeric ? parseFloat(value) : value.toLowerCase();
  }
  function sortBy(table, index, numeric, descending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, position) { row.dataset.position = position; });
    rows.sort(function (a, b) {
      var x = key(a.cells[index], numeric), y = key(b.cells[index], numeric);
      if (x === null || y === null) {
        if (x === y) { return a.dataset.position - b.dataset.position; }
        return x === null ? 1 : -1;  /* not reported: always last */
      }
      if (x < y) { return descending ? 1 : -1; }
      if (x > y) { return descending ? -1 : 1; }
      return a.dataset.position - b.dataset.position;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  function enhance(table) {
    var headings = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headings, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "od-sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-sort") === "number";
        var descending = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(headings, function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        sortBy(table, index, numeric, descending);
      });
    });
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table.od-sortable"), enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
