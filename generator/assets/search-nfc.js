// The search box's text in Unicode NFC, before the theme's search reads it. A search index
// holds the NFC text of its pages, where a nukta letter is two code points (ड़ = ड + U+093C);
// some keyboards and pastes give the precomposed letter (U+095C), which NFC decomposes, and a
// query with it would find nothing. The theme reads the box on key-up; this runs on input and
// key-up in the capture phase (before the theme's own listener), never while an input method
// is still composing, and keeps the caret where it was.
(function () {
  "use strict";
  if (!String.prototype.normalize) return;
  function normalise(event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches("input.md-search__input") || event.isComposing) {
      return;
    }
    var value = box.value, nfc = value.normalize("NFC");
    if (nfc === value) return;
    var caret = box.selectionStart === null ? value.length : box.selectionStart;
    var at = value.slice(0, caret).normalize("NFC").length;
    box.value = nfc;
    box.setSelectionRange(at, at);
  }
  ["input", "keyup", "compositionend"].forEach(function (type) {
    document.addEventListener(type, normalise, true);
  });
})();
