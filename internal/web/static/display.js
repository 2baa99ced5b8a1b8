// The waiting room's display (CG3, issue 6): follows the queue live over
// Server-Sent Events and announces each new call, or a recall, to screen
// readers. Without JavaScript the page reloads itself instead.
(function () {
  "use strict";
  var root = document.getElementById("display");
  if (!root || !window.EventSource) {
    return;
  }
  var body = document.getElementById("display-calls");
  var table = document.getElementById("display-table");
  var none = document.getElementById("display-none");
  var live = document.getElementById("display-live");
  var waiting = document.getElementById("display-waiting");
  var seen = {};
  Array.prototype.forEach.call(body.querySelectorAll("tr"), function (tr) {
    seen[tr.getAttribute("data-key")] = true;
  });
  var es = new EventSource(root.getAttribute("data-events"));
  es.addEventListener("queue", function (ev) {
    var st = JSON.parse(ev.data);
    var fresh = [];
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    st.calls.forEach(function (c, i) {
      var key = c.id + "-" + c.recalls;
      var tr = document.createElement("tr");
      tr.setAttribute("data-key", key);
      if (i === 0) {
        tr.className = "display-latest";
      }
      var n = document.createElement("td");
      n.className = "display-number";
      n.textContent = c.number;
      var k = document.createElement("td");
      k.className = "display-counter";
      k.textContent = c.counter;
      tr.appendChild(n);
      tr.appendChild(k);
      body.appendChild(tr);
      if (!seen[key]) {
        seen[key] = true;
        fresh.push(c);
        tr.className += " display-new";
      }
    });
    table.hidden = st.calls.length === 0;
    none.hidden = st.calls.length !== 0;
    waiting.textContent = st.label;
    if (fresh.length) {
      live.textContent = fresh.map(function (c) {
        return root.getAttribute("data-announce").replace("%N", c.number).replace("%C", c.counter);
      }).join(". ");
    }
  });
})();
