// reportedly: progressive enhancement only. Every page reads without this file.
// Hovering a highlighted piece of the article shows who said it, how, through whom and the
// linked events, copied (as text, never as HTML) from the data-* attributes of the table row.
(function () {
  "use strict";
  var text = document.getElementById("article-text");
  var card = document.getElementById("hover-card");
  if (!text || !card) { return; }
  var lit = [];

  function clear() {
    lit.forEach(function (el) { el.classList.remove("on"); });
    lit = [];
  }

  function show(id) {
    var row = document.getElementById("attr-" + id);
    if (!row) { return; }
    clear();
    var pieces = text.querySelectorAll('[data-a~="' + CSS.escape(id) + '"]');
    pieces.forEach(function (el) { el.classList.add("on"); lit.push(el); });
    row.classList.add("on");
    lit.push(row);
    var content = row.querySelector("td.content");
    var fields = [["attribution", id], ["speaker", row.dataset.speaker], ["cue", row.dataset.cue],
                  ["stance", row.dataset.stance + " (" + row.dataset.kind + ")"], ["channel", row.dataset.channel],
                  ["events", row.dataset.events], ["content", content ? content.textContent.trim() : ""]];
    var dl = document.createElement("dl");
    fields.forEach(function (f) {
      if (!f[1]) { return; }
      var dt = document.createElement("dt");
      dt.textContent = f[0];
      var dd = document.createElement("dd");
      dd.textContent = f[1];
      dd.className = "f-" + f[0];
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    card.replaceChildren(dl);
    card.hidden = false;
  }

  text.addEventListener("mouseover", function (ev) {
    var el = ev.target.closest("[data-a]");
    if (el) { show(el.getAttribute("data-a").split(" ")[0]); }
  });
  var table = document.querySelector("table.attrs");
  if (table) {
    table.addEventListener("mouseover", function (ev) {
      var row = ev.target.closest("tr[data-a]");
      if (row) { show(row.getAttribute("data-a")); }
    });
  }
})();

(function () {
  "use strict";
  // refuse an over-size upload before sending it (the server refuses it anyway)
  var form = document.querySelector("form.analyze");
  if (!form) { return; }
  var max = parseInt(form.getAttribute("data-max-bytes"), 10);
  form.addEventListener("submit", function (ev) {
    var input = form.querySelector('input[type="file"]');
    if (input && input.files.length && input.files[0].size > max) {
      ev.preventDefault();
      alert("That file is larger than " + Math.round(max / 1000) + " kB.");
    }
  });
})();
