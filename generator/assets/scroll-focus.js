// Wide tables and charts scroll sideways inside their own box; a keyboard user must be able
// to reach that box to scroll it (axe: scrollable-region-focusable). Only boxes that really
// overflow get a tab stop, so narrow tables add none. A box away from the screen may not be
// laid out yet (opendata.css: content-visibility), so it measures as not overflowing: each box
// is measured again when it comes near the screen.
(function () {
  "use strict";
  var observer = null;
  function check(box) {
    if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
    }
  }
  function mark() {
    var boxes = document.querySelectorAll(".od-table-wrap, .md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      check(boxes[i]);
    }
    if (observer) {
      observer.disconnect();
    }
    for (var j = 0; j < boxes.length; j++) {  // drawn now: measure it (Chromium, Firefox)
      boxes[j].addEventListener("contentvisibilityautostatechange", drawn);
    }
    if (!("IntersectionObserver" in window)) {
      return;
    }
    // Elsewhere, when it comes into view; it may be drawn a few frames after that.
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          setTimeout(function () { check(entry.target); }, 200);
        }
      });
    });
    for (var k = 0; k < boxes.length; k++) {
      observer.observe(boxes[k]);
    }
  }
  function drawn(event) {
    if (!event.skipped) {
      check(event.currentTarget);
    }
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { setTimeout(mark, 0); });
  } else {
    document.addEventListener("DOMContentLoaded", mark);
  }
  window.addEventListener("resize", mark);
})();
