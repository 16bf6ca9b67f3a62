// Shows a case's new messages without reloading: polls for the messages after the last one on the page (the
// cursor), appends them, and marks staff messages delivered.
// Text is set with textContent, so nothing a person wrote is ever read as markup.
(function () {
  "use strict";
  var section = document.querySelector("section.case");
  var list = document.getElementById("transcript");
  if (!section || !list) { return; }
  var url = "/cases/" + encodeURIComponent(section.dataset.case) + "/entries.json?after=";
  var cursor = section.dataset.cursor;
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
    fetch(url + encodeURIComponent(cursor), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        cursor = data.cursor;
        data.entries.forEach(function (entry) {
          if (!shown[entry.key]) { shown[entry.key] = list.appendChild(item(entry)); }
        });
        data.delivered.forEach(function (key) {
          var pending = shown[key] && shown[key].querySelector(".pending");
          if (pending) { pending.remove(); }
        });
      })
      .catch(function () { /* the next poll tries again */ })
      .finally(function () { window.setTimeout(refresh, 1500); });
  }
  window.setTimeout(refresh, 1500);
})();
