// The SPARQL page: choose an example, run it against /sparql (SPARQL 1.1 Protocol, POST form,
// results as application/sparql-results+json), show the rows, keep the URL shareable.
(function () {
  "use strict";
  var form = document.getElementById("sparql-form");
  if (!form) return;
  var box = document.getElementById("query");
  var select = document.getElementById("example");
  var status = document.getElementById("sparql-status");
  var table = document.getElementById("sparql-results");
  var graph = document.getElementById("sparql-graph");
  var csv = document.getElementById("dl-csv");
  var json = document.getElementById("dl-json");

  function syncLinks() {
    var q = encodeURIComponent(box.value);
    csv.href = "/sparql?query=" + q + "&format=csv";
    json.href = "/sparql?query=" + q + "&format=json";
  }

  function cellNode(cell) {
    if (!cell) return document.createTextNode("");
    if (cell.type === "uri") {
      var a = document.createElement("a");
      a.href = "/entity?iri=" + encodeURIComponent(cell.value);
      a.textContent = cell.value;  // textContent: values are never parsed as HTML
      return a;
    }
    return document.createTextNode(cell.value);
  }

  function show(data) {
    var vars = (data.head && data.head.vars) || [];
    var thead = table.tHead, tbody = table.tBodies[0];
    thead.innerHTML = ""; tbody.innerHTML = "";
    graph.hidden = true;
    if (typeof data.graph === "string") {  // CONSTRUCT / DESCRIBE: triples as Turtle
      graph.textContent = data.graph;
      graph.hidden = false;
      table.hidden = true;
      status.textContent = "A graph of " + data.graph.split(" .\n").length + " statements (Turtle, below)";
      return;
    }
    if (typeof data.boolean === "boolean") {
      status.textContent = "Answer: " + data.boolean;
      table.hidden = true;
      return;
    }
    var tr = thead.insertRow();
    vars.forEach(function (v) { var th = document.createElement("th"); th.scope = "col"; th.textContent = v; tr.appendChild(th); });
    var rows = data.results.bindings;
    rows.forEach(function (b) {
      var r = tbody.insertRow();
      vars.forEach(function (v) { r.insertCell().appendChild(cellNode(b[v])); });
    });
    status.textContent = rows.length + (rows.length === 1 ? " row" : " rows");
    table.hidden = false;
  }

  function run(ev) {
    if (ev) ev.preventDefault();
    syncLinks();
    status.textContent = "Running…";
    history.replaceState(null, "", "/sparql-ui?query=" + encodeURIComponent(box.value));
    fetch("/sparql", {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
      body: "query=" + encodeURIComponent(box.value)
    }).then(function (resp) {
      return resp.text().then(function (text) {
        if (!resp.ok) {
          var msg = text;
          try { var j = JSON.parse(text); msg = j.detail || j.error || text; } catch (e) { /* plain text */ }
          throw new Error(resp.status + ": " + msg);
        }
        if ((resp.headers.get("Content-Type") || "").indexOf("json") < 0) return {graph: text};
        return JSON.parse(text);
      });
    }).then(show).catch(function (err) {
      status.innerHTML = "";
      var s = document.createElement("span"); s.className = "error"; s.textContent = err.message;
      status.appendChild(s);
      table.hidden = true;
      graph.hidden = true;
    });
  }

  form.addEventListener("submit", run);
  box.addEventListener("input", syncLinks);
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) run(ev); });
  if (select) {
    select.addEventListener("change", function () {
      var opt = select.options[select.selectedIndex];
      if (!opt || !opt.dataset.query) return;
      box.value = opt.dataset.query;
      document.getElementById("example-desc").textContent = opt.dataset.desc || "";
      syncLinks();
    });
  }
})();
