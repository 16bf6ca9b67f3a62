// Shows a case's new messages without reloading: polls the transcript and appends what is not on the page yet.
// Text is set with textContent, so nothing a person wrote is ever read as markup.
(function () {
  "use strict";
  var section = document.querySelector("section.case");
  var list = document.getElementById("transcript");
  if (!section || !list) { return; }
  var url = "/cases/" + encodeURIComponent(section.dataset.case) + "/entries.json";
  var shown = {};
  list.querySelectorAll("li[data-key]").forEach(function (item) { shown[item.dataset.key] = item; });

  function span(className, text) {
    var element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function item(entry) {
    var li = document.createElement("li");
    li.className = "entry " + entry.who + (entry.contact ? " contact" : "");
    li.dataset.key = entry.key;
    var meta = document.createElement("div");
    meta.className = "meta";
    meta.appendChild(span("who", entry.author || entry.who));
    meta.appendChild(document.createTextNode(" "));
    var time = document.createElement("time");
    time.textContent = entry.at;
    meta.appendChild(time);
    if (entry.language) { meta.appendChild(span("lang", entry.language)); }
    if (entry.intent) { meta.appendChild(span("intent", entry.intent + " " + entry.confidence)); }
    if (entry.delivered === false) { meta.appendChild(span("pending", "not delivered yet")); }
    var text = document.createElement("div");
    text.className = "text";
    text.textContent = entry.text;
    li.appendChild(meta);
    li.appendChild(text);
    return li;
  }

  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        data.entries.forEach(function (entry) {
          var existing = shown[entry.key];
          if (!existing) {
            shown[entry.key] = list.appendChild(item(entry));
          } else if (entry.delivered !== false) {
            var pending = existing.querySelector(".pending");
            if (pending) { pending.remove(); }
          }
        });
      })
      .catch(function () { /* the next poll tries again */ })
      .finally(function () { window.setTimeout(refresh, 1500); });
  }
  window.setTimeout(refresh, 1500);
})();
