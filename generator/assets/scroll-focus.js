// Wide tables and charts scroll sideways inside their own box; a keyboard user must be able
// to reach that box to scroll it (axe: scrollable-region-focusable). Only boxes that really
// overflow get a tab stop, so narrow tables add none.
(function () {
  "use strict";
  function mark() {
    var boxes = document.querySelectorAll(".od-table-wrap, .md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
      }
    }
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { setTimeout(mark, 0); });
  } else {
    document.addEventListener("DOMContentLoaded", mark);
  }
  window.addEventListener("resize", mark);
})();
