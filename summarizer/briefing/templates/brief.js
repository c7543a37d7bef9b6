// Progressive enhancement only: the page reads fully without this script.
// Article text is only ever inserted with textContent, never as HTML.
(function () {
  "use strict";
  var root = document.documentElement;
  var data = null;
  try {
    data = JSON.parse(document.getElementById("briefing-data").textContent);
  } catch (err) {
    data = null;
  }
  var texts = {};
  if (data && data.sources) {
    data.sources.forEach(function (s) { texts[s.id] = s.text || ""; });
  }

  function all(selector) {
    return Array.prototype.slice.call(document.querySelectorAll(selector));
  }

  // Filter: hide event cards (and their timeline entries) that do not match.
  var cards = all("article.event");
  var filter = document.getElementById("filter");
  var status = document.getElementById("filter-status");
  function applyFilter() {
    var q = filter.value.trim().toLowerCase();
    var shown = 0;
    cards.forEach(function (card) {
      var hit = !q || (card.getAttribute("data-search") || "").indexOf(q) !== -1;
      card.hidden = !hit;
      var link = document.querySelector('.timeline a[href="#' + card.id + '"]');
      if (link) { link.parentNode.hidden = !hit; }
      if (hit) { shown += 1; }
    });
    status.textContent = q ? shown + " of " + cards.length + " events shown" : "";
  }
  filter.addEventListener("input", applyFilter);

  function setOpen(open) {
    all("details.fact, .side > details").forEach(function (d) { d.open = open; });
  }
  document.getElementById("expand-all").addEventListener("click", function () { setOpen(true); });
  document.getElementById("collapse-all").addEventListener("click", function () { setOpen(false); });

  var download = document.getElementById("download-json");
  if (data) {
    download.addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "briefing.json";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    });
  } else {
    download.hidden = true;
  }

  // "Show the whole article": swap the excerpt for the full text with the quote marked.
  all("button.full-toggle").forEach(function (btn) {
    var quote = btn.previousElementSibling;
    var text = texts[quote.getAttribute("data-src")];
    var start = parseInt(quote.getAttribute("data-start"), 10);
    var end = parseInt(quote.getAttribute("data-end"), 10);
    if (typeof text !== "string" || isNaN(start) || isNaN(end) || end > text.length) { return; }
    var full = null;
    btn.hidden = false;
    btn.addEventListener("click", function () {
      if (!full) {
        full = document.createElement("blockquote");
        full.className = "excerpt full";
        full.lang = quote.lang;
        var mark = document.createElement("mark");
        mark.textContent = text.slice(start, end);
        full.appendChild(document.createTextNode(text.slice(0, start)));
        full.appendChild(mark);
        full.appendChild(document.createTextNode(text.slice(end)));
        full.hidden = true;
        quote.parentNode.insertBefore(full, btn);
      }
      var showFull = full.hidden;
      full.hidden = !showFull;
      quote.hidden = showFull;
      btn.textContent = showFull ? "Show only the passage" : "Show the whole article";
      if (showFull) {
        var m = full.querySelector("mark");
        full.scrollTop = Math.max(0, m.offsetTop - full.offsetTop - 60);
      }
    });
  });

  document.getElementById("toolbar").hidden = false;
  root.setAttribute("data-js", "ready");
})();
