/* Dashboards: a print button, and every data table opened while printing (browsers that
 * cannot show a closed <details> from CSS). Without JavaScript the page reads the same;
 * the browser's own print command prints it. */
(function () {
  "use strict";
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    reopened = Array.prototype.filter.call(
      document.querySelectorAll("details.db-data:not([open])"),
      function (details) { details.open = true; return true; }
    );
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (details) { details.open = false; });
    reopened = [];
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
