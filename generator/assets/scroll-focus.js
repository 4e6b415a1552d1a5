// Wide tables and charts scroll sideways inside their own box; a keyboard user must be able
// to reach that box to scroll it (axe: scrollable-region-focusable). Only boxes that really
// overflow get a tab stop, so narrow tables add none. A box away from the screen is not laid
// out (opendata.css: content-visibility) and seems not to overflow: it is checked again when
// it comes near the screen.
(function () {
  "use strict";
  function check(box) {
    if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
    }
  }
  function drawn(event) {
    if (!event.skipped) { check(event.target); }
  }
  function mark() {
    var boxes = document.querySelectorAll(".od-table-wrap, .md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      check(boxes[i]);
      boxes[i].removeEventListener("contentvisibilityautostatechange", drawn);
      boxes[i].addEventListener("contentvisibilityautostatechange", drawn);
    }
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { setTimeout(mark, 0); });
  } else {
    document.addEventListener("DOMContentLoaded", mark);
  }
  window.addEventListener("resize", mark);
})();
