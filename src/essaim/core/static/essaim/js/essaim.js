// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary so that screen readers announce it first.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }

  // "Il vous reste 1 200 caractères" under long text fields; the words come from the
  // template (gettext), the French ones below only serve a bare data-count-for.
  var COUNT_WORDS = {
    "left-one": "Il vous reste %s caractère.",
    "left-many": "Il vous reste %s caractères.",
    "over-one": "Vous avez %s caractère de trop.",
    "over-many": "Vous avez %s caractères de trop."
  };
  function countWords(counter, key) {
    return counter.getAttribute("data-" + key) || COUNT_WORDS[key];
  }
  function updateCount(counter) {
    var field = document.getElementById(counter.getAttribute("data-count-for"));
    if (!field) { return; }
    var max = parseInt(counter.getAttribute("data-max"), 10);
    var left = max - field.value.length;
    var locale = document.documentElement.lang === "en" ? "en-GB" : "fr-FR";
    var formatted = Math.abs(left).toLocaleString(locale);
    var key = (left >= 0 ? "left-" : "over-") + (Math.abs(left) > 1 ? "many" : "one");
    counter.textContent = countWords(counter, key).replace("%s", formatted);
    counter.classList.toggle("field-error", left < 0);
  }
  // With autosave (htmx), what is typed is already saved: "Revenir sans enregistrer" would
  // promise what it cannot keep. Without scripts the link does leave without saving.
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.htmx) { return; }
    document.querySelectorAll("a[data-autosave-label]").forEach(function (link) {
      link.textContent = link.getAttribute("data-autosave-label");
    });
  });

  // The visible count follows each key; screen readers hear it once typing pauses (a
  // hidden live region), not at every key.
  document.querySelectorAll("[data-count-for]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-count-for"));
    if (!field) { return; }
    var spoken = document.createElement("span");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    counter.parentNode.insertBefore(spoken, counter.nextSibling);
    var pause = null;
    updateCount(counter);
    field.addEventListener("input", function () {
      updateCount(counter);
      clearTimeout(pause);
      pause = setTimeout(function () { spoken.textContent = counter.textContent; }, 1000);
    });
  });

  // Countdown to a call's deadline, refreshed every minute; the server-side text stays
  // the reference and is shown when scripts are off. The words come from data attributes
  // the server renders in the page's language (public_calls.countdown_attrs); the French
  // defaults only serve an element that carries a bare data-deadline.
  var COUNTDOWN_DEFAULTS = {
    closed: "L'appel est clos.",
    soon: "Clôture dans moins d'une minute.",
    template: "Clôture dans %(delay)s.",
    and: "%(first)s et %(second)s",
    "day-one": "%(count)s jour", "day-many": "%(count)s jours",
    "hour-one": "%(count)s heure", "hour-many": "%(count)s heures",
    "minute-one": "%(count)s minute", "minute-many": "%(count)s minutes"
  };
  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }
  document.querySelectorAll("[data-deadline]").forEach(function (node) {
    var deadline = new Date(node.getAttribute("data-deadline"));
    if (isNaN(deadline.getTime())) { return; }
    function word(name) {
      var value = node.getAttribute("data-" + name);
      return value === null ? COUNTDOWN_DEFAULTS[name] : value;
    }
    function count(unit, n) {
      return fill(word(unit + (n > 1 ? "-many" : "-one")), { count: String(n) });
    }
    // Same rounding as countdown_text on the server: down, to the minute.
    function render() {
      var ms = deadline - new Date();
      if (ms <= 0) { node.textContent = word("closed"); return false; }
      var minutes = Math.floor(ms / 60000);
      if (minutes === 0) { node.textContent = word("soon"); return true; }
      var days = Math.floor(minutes / 1440);
      var hours = Math.floor((minutes % 1440) / 60);
      var mins = minutes % 60;
      var parts = [];
      if (days) { parts.push(count("day", days)); }
      if (hours) { parts.push(count("hour", hours)); }
      if (!days && (mins || !hours)) { parts.push(count("minute", mins)); }
      var delay = parts.length === 2
        ? fill(word("and"), { first: parts[0], second: parts[1] })
        : parts[0];
      node.textContent = fill(word("template"), { delay: delay });
      return true;
    }
    if (render()) {
      var timer = setInterval(function () {
        if (!render()) { clearInterval(timer); }
      }, 60000);
    }
  });

  // Filters folded on a phone while none is chosen: the results come first on a small screen.
  if (window.matchMedia && window.matchMedia("(max-width: 48rem)").matches) {
    document.querySelectorAll("details[data-fold-on-phone]").forEach(function (details) {
      details.open = false;
    });
  }

  // A form marked data-warn-unsaved (a reviewer's scores) asks the browser to confirm
  // leaving the page once something is typed in it and not yet sent.
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var changed = false;
    function mark() { changed = true; }
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { changed = false; });
    window.addEventListener("beforeunload", function (event) {
      if (!changed) { return; }
      event.preventDefault();
      event.returnValue = "";
    });
  });
})();
