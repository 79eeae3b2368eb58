// The organisation field as an ARIA 1.2 combobox with list autocomplete
// (territory/includes/combobox.html). Progressive enhancement: without this file the field
// is a plain text input that the server resolves when the form is saved.
//
// Keyboard: type to get suggestions; Down/Up move through them (Down opens the list);
// Enter chooses the highlighted one; Escape closes the list, or clears the field when the
// list is closed; Tab leaves. A polite live region announces how many bodies were found
// and which one was chosen. The words come from the template (gettext).
(function () {
  "use strict";

  var DELAY_MS = 150;
  var MIN_LENGTH = 2;

  function fill(text, value) {
    return (text || "").replace("%s", value);
  }

  function setup(root) {
    var input = root.querySelector("input");
    var listbox = root.querySelector(".combobox__listbox");
    var status = root.querySelector("[role=status]");
    var hidden = document.getElementById(root.getAttribute("data-hidden"));
    var source = root.getAttribute("data-source");
    if (!input || !listbox || !status || !hidden || !source) { return; }

    var options = [];
    var active = -1;
    var timer = null;
    var sent = 0;
    var shownFor = null;
    var chosenLabel = input.value;

    function msg(name) { return root.getAttribute("data-msg-" + name) || ""; }

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", root.getAttribute("data-listbox-label") || "");

    function announce(text) {
      // emptied first so that the same sentence twice is announced twice
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }

    function highlight() {
      options.forEach(function (option, index) {
        option.setAttribute("aria-selected", index === active ? "true" : "false");
      });
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (!options.length) { return; }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      active = -1;
      highlight();
    }

    function choose(index) {
      var option = options[index];
      if (!option) { return; }
      hidden.value = option.getAttribute("data-id");
      input.value = option.getAttribute("data-label");
      chosenLabel = input.value;
      shownFor = null;
      close();
      announce(fill(msg("chosen"), chosenLabel));
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function render(results) {
      listbox.textContent = "";
      options = results.map(function (result, index) {
        var option = document.createElement("li");
        option.id = listbox.id + "-" + index;
        option.className = "combobox__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-id", result.id);
        option.setAttribute("data-label", result.label);
        var name = document.createElement("span");
        name.className = "combobox__name";
        name.textContent = result.name;
        var detail = document.createElement("span");
        detail.className = "combobox__detail";
        detail.textContent = result.detail;
        option.appendChild(name);
        option.appendChild(detail);
        // keep the focus in the input: the click chooses without a blur
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(index); });
        listbox.appendChild(option);
        return option;
      });
      active = -1;
      if (options.length) { open(); } else { close(); }
      if (!results.length) {
        announce(msg("none"));
      } else if (results.length === 1) {
        announce(msg("one"));
      } else {
        announce(fill(msg("many"), results.length));
      }
    }

    function suggest() {
      var query = input.value;
      if (query.trim().length < MIN_LENGTH) {
        sent += 1;  // an answer still on its way is now stale
        shownFor = null;
        listbox.textContent = "";
        options = [];
        close();
        return;
      }
      if (query === shownFor) { open(); return; }
      var mine = ++sent;
      var url = source + (source.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
      window.fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) {
          if (mine !== sent) { return; }
          shownFor = query;
          render(data.results || []);
        })
        .catch(function () {
          if (mine !== sent) { return; }
          close();
          announce(msg("failed"));
        });
    }

    input.addEventListener("input", function () {
      if (input.value !== chosenLabel) {
        hidden.value = "";  // a new search: the earlier choice no longer holds
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var isOpen = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!isOpen) {
            if (options.length && shownFor === input.value) { open(); } else { suggest(); }
            return;
          }
          active = (active + 1) % options.length;
          highlight();
          break;
        case "ArrowUp":
          if (!isOpen) { return; }
          event.preventDefault();
          active = active <= 0 ? options.length - 1 : active - 1;
          highlight();
          break;
        case "Enter":
          if (isOpen && active >= 0) {
            event.preventDefault();  // choose, do not submit the form
            choose(active);
          }
          break;
        case "Escape":
          if (isOpen) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            hidden.value = "";
            chosenLabel = "";
            shownFor = null;
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", close);
  }

  document.querySelectorAll("[data-organisation-combobox]").forEach(setup);
})();
