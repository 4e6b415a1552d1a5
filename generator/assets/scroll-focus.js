// Wide tables scroll sideways inside their own box; a keyboard user must be able to reach that
// box to scroll it (axe: scrollable-region-focusable). Only boxes that really overflow get a
// tab stop here, so narrow tables add none. A box laid out only near the screen (opendata.css:
// content-visibility) cannot be measured before it is drawn, so it has its tab stop in the HTML
// already (markdown.html_table's region, a chart's data table) and is left alone. The others
// are measured when the page is shown, when its fonts have loaded and when the window resizes.
(function () {
  "use strict";
  function mark() {
    var boxes = document.querySelectorAll(".od-table-wrap, .md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (!box.hasAttribute("tabindex") && box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
      }
    }
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { setTimeout(mark, 0); });
  } else {
    document.addEventListener("DOMContentLoaded", mark);
  }
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(mark);
  }
  window.addEventListener("resize", mark);
})();
