// notices.js: the live updates of the notice page /m (DM3). The page works
// without it, by reloading; with it, a notice that comes while the page is
// open is put at the top of the list and read out by screen readers. The
// text is set as text, never as HTML.
(function () {
  "use strict";
  var list = document.getElementById("notices");
  if (!list || !window.EventSource || !window.JSON) {
    return;
  }
  var live = document.getElementById("notices-live");
  var status = document.getElementById("notices-status");
  var empty = document.getElementById("notices-empty");
  var last = document.getElementById("notices-last");
  var source = new EventSource("/m/events?after=" + encodeURIComponent(list.getAttribute("data-last") || "0"));

  source.addEventListener("open", function () {
    status.hidden = false;
  });
  source.addEventListener("error", function () {
    status.hidden = source.readyState !== EventSource.CLOSED;
  });
  source.addEventListener("notice", function (e) {
    var n = JSON.parse(e.data);
    if (document.getElementById("notice-" + n.id)) {
      return;
    }
    var item = document.createElement("li");
    item.id = "notice-" + n.id;
    var task = document.createElement("div");
    task.className = "task";
    var title = document.createElement("p");
    title.className = "task-title";
    var badge = document.createElement("span");
    badge.className = "badge badge-warning";
    badge.textContent = list.getAttribute("data-new");
    title.appendChild(badge);
    title.appendChild(document.createTextNode(" " + n.text));
    var meta = document.createElement("p");
    meta.className = "task-meta";
    meta.textContent = n.at;
    task.appendChild(title);
    task.appendChild(meta);
    item.appendChild(task);
    list.insertBefore(item, list.firstChild);
    list.hidden = false;
    if (empty) {
      empty.hidden = true;
    }
    if (last && Number(n.id) > Number(last.value)) {
      last.value = n.id;
    }
    live.textContent = list.getAttribute("data-arrived").replace("{text}", n.text);
  });
})();
