// Stands in for the theme's lunr/wordcut.js (a Thai word segmenter with its dictionary, 677 KB,
// 158 KB gzipped) on a site whose search languages include Hindi but not Thai. The theme's
// search worker loads wordcut for "hi" and "th", but it splits words itself (at the search
// separator) and never calls wordcut; lunr.hi only calls init() on it when it loads. So this
// gives lunr.hi what it asks for, and Hindi is still split at spaces, as the theme does.
(function (root) {
  "use strict";
  var lunr = root.lunr || (root.lunr = {});
  lunr.wordcut = {
    init: function () {},
    cut: function (text) { return String(text).split(/\s+/).join("|"); }
  };
})(typeof self !== "undefined" ? self : this);
