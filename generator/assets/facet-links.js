// Facet links that filter in place. A directory's facet links (nav.od-facets) open a static
// page per value, so a reader without JavaScript filters by following a link. Where the page's
// filter form runs (shown: its script removed `hidden`), a click on such a link instead sets
// the form's control named by the link's <span data-f="KEY">VALUE</span> to VALUE, clears the
// other controls (a value's page applies that one filter), and fires the change event the
// form's own script listens to: the same list as the value's page, without leaving the page.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey || !event.target.closest) { return; }
    var link = event.target.closest("nav.od-facets a[href]");
    var span = link && link.querySelector("[data-f]");
    var box = link && link.closest(".od-orgs, .od-directory");
    var form = box && box.querySelector("form");
    if (!span || !form || form.hidden) { return; }  // no filters running: follow the link
    var control = form.elements[span.getAttribute("data-f")];
    if (!control) { return; }
    event.preventDefault();
    Array.prototype.forEach.call(form.elements, function (element) {
      if (element !== control && (element.tagName === "SELECT" || element.tagName === "INPUT")) {
        element.value = "";
      }
    });
    control.value = span.textContent.replace(/\s+/g, " ").trim();
    control.dispatchEvent(new Event("change", {bubbles: true}));
    var details = link.closest("details");
    if (details) { details.open = false; }
    var status = box.querySelector("[role=status]") || form;
    status.scrollIntoView({block: "start"});
  });
}());
