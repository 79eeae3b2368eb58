// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary so that screen readers announce it first.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }

  // "Il vous reste 1 200 caractères" under long text fields.
  function updateCount(counter) {
    var field = document.getElementById(counter.getAttribute("data-count-for"));
    if (!field) { return; }
    var max = parseInt(counter.getAttribute("data-max"), 10);
    var left = max - field.value.length;
    var formatted = Math.abs(left).toLocaleString("fr-FR");
    counter.textContent = left >= 0
      ? "Il vous reste " + formatted + " caractère" + (left > 1 ? "s" : "") + "."
      : "Vous avez " + formatted + " caractère" + (-left > 1 ? "s" : "") + " de trop.";
    counter.classList.toggle("field-error", left < 0);
  }
  document.querySelectorAll("[data-count-for]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-count-for"));
    if (!field) { return; }
    counter.setAttribute("aria-live", "polite");
    updateCount(counter);
    field.addEventListener("input", function () { updateCount(counter); });
  });

  // Countdown to a call's deadline, refreshed every minute; the server-side text stays
  // the reference and is shown when scripts are off.
  document.querySelectorAll("[data-deadline]").forEach(function (node) {
    var deadline = new Date(node.getAttribute("data-deadline"));
    function render() {
      var ms = deadline - new Date();
      if (ms <= 0) { node.textContent = "L'appel est clos."; return; }
      var minutes = Math.floor(ms / 60000);
      var days = Math.floor(minutes / 1440);
      var hours = Math.floor((minutes % 1440) / 60);
      var mins = minutes % 60;
      var parts = [];
      if (days) { parts.push(days + " jour" + (days > 1 ? "s" : "")); }
      if (hours) { parts.push(hours + " heure" + (hours > 1 ? "s" : "")); }
      if (!days) { parts.push(mins + " minute" + (mins > 1 ? "s" : "")); }
      node.textContent = "Clôture dans " + parts.join(" et ") + ".";
    }
    render();
    setInterval(render, 60000);
  });
})();
