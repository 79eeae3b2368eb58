// The export page without reloading: asks the job's JSON status every 1.5 s, moves the
// <progress> bar and its text, and reloads the page once the job is finished (the page then
// shows the download link or the failure). Without JavaScript, a <meta refresh> inside
// <noscript> reloads the whole page instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-export-status-url]");
  if (!box || box.getAttribute("data-finished") === "true") { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-export-text]");
  var words = box.getAttribute("data-progress-words") || "%(done)s / %(total)s";

  function show(state) {
    if (state.total) {
      bar.max = state.total;
      bar.value = state.done;
      bar.textContent = state.percent + " %";
      text.textContent = words.replace("%(done)s", state.done).replace("%(total)s", state.total)
        .replace("%(percent)s", state.percent);
    }
  }

  function poll() {
    fetch(box.getAttribute("data-export-status-url"), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished) { window.location.reload(); } else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();
