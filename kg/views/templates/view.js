/* The page's behaviour: draw the network, settle it, filter, search.
   All data comes from the JSON in #kg-data and is only ever set as text. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  var state = { doc: null, mod: "", role: null, hidden: {} };
  var roleSet = null;   // node ids the role filter keeps
  var visible = {};     // node ids on screen, for the edge filter

  function nodeOk(n) {
    if (state.hidden[n.cls]) return false;
    if (state.doc !== null && n.docs.indexOf(state.doc) < 0) return false;
    if (state.mod && n.cls === "directive" && n.mod !== state.mod) return false;
    if (roleSet && !roleSet[n.id]) return false;
    return true;
  }
  var nodeView = new vis.DataView(nodes, { filter: nodeOk });
  nodeView.getIds().forEach(function (id) { visible[id] = true; });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return visible[e.from] && visible[e.to]; } });

  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  var status = document.getElementById("kg-status");
  var loading = document.getElementById("kg-loading");

  // a role with its neighbours (the directives it receives, the documents naming
  // it, the roles above and below it) and the documents of those directives
  function roleNeighbourhood(role) {
    var keep = {};
    keep[role] = true;
    edges.forEach(function (e) {
      if (e.to === role || e.from === role) {
        var other = byId[e.to === role ? e.from : e.to];
        keep[other.id] = true;
        if (other.cls === "directive") other.docs.forEach(function (d) { keep[d] = true; });
      }
    });
    return keep;
  }

  function refresh() {
    roleSet = state.role === null ? null : roleNeighbourhood(state.role);
    nodeView.refresh();
    visible = {};
    nodeView.getIds().forEach(function (id) { visible[id] = true; });
    edgeView.refresh();
    if (window.kg) declutterSoon();
    status.textContent = nodeView.length + " 个节点，" + edgeView.length + " 条边" +
      (nodeView.length < nodes.length ? "（共 " + nodes.length + " 个节点）" : "");
  }

  function bind(id, handler) {
    var el = document.getElementById(id);
    if (el) el.addEventListener("change", function () { handler(el.value); refresh(); });
    return el;
  }
  bind("kg-doc", function (v) { state.doc = v === "" ? null : Number(v); });
  bind("kg-modality", function (v) { state.mod = v; });
  bind("kg-role", function (v) { state.role = v === "" ? null : Number(v); });
  Array.prototype.forEach.call(document.querySelectorAll(".legend input[data-cls]"), function (box) {
    box.addEventListener("change", function () { state.hidden[box.dataset.cls] = !box.checked; refresh(); });
  });

  // search: every visible node whose name or text holds the query; Enter steps through them
  var search = document.getElementById("kg-search");
  var hits = [], at = -1;
  function find() {
    var q = search.value.trim().toLowerCase();
    hits = q ? nodeView.getIds({ filter: function (n) {
      return (n.label + "\n" + n.title).toLowerCase().indexOf(q) >= 0;
    } }) : [];
    at = -1;
    network.selectNodes(hits);
    status.textContent = q ? "找到 " + hits.length + " 个节点" : "";
    if (!q) refresh();
  }
  function next() {
    if (!hits.length) return;
    at = (at + 1) % hits.length;
    network.focus(hits[at], { scale: 1.2, animation: false });
    network.selectNodes([hits[at]]);
    status.textContent = "找到 " + hits.length + " 个节点：第 " + (at + 1) + " 个，" + byId[hits[at]].label;
  }
  search.addEventListener("input", find);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); next(); } });

  document.getElementById("kg-fit").addEventListener("click", function () { network.fit({ animation: false }); });
  document.getElementById("kg-reset").addEventListener("click", function () {
    state = { doc: null, mod: "", role: null, hidden: {} };
    Array.prototype.forEach.call(document.querySelectorAll(".filters select"), function (s) { s.value = ""; });
    Array.prototype.forEach.call(document.querySelectorAll(".legend input[data-cls]"), function (b) { b.checked = true; });
    search.value = "";
    hits = [];
    refresh();
    network.fit({ animation: false });
  });

  network.on("doubleClick", function (p) {
    var n = p.nodes.length ? byId[p.nodes[0]] : null;
    if (n && n.href) window.location.href = n.href;
  });
  network.on("click", function (p) {
    var n = p.nodes.length ? byId[p.nodes[0]] : null;
    var target = n && n.anchor ? document.getElementById(n.anchor) : null;
    if (target) { target.open = true; target.scrollIntoView({ block: "nearest" }); }
  });

  // Labels that would overlap on screen are not drawn: the node's that is
  // larger (more central) keeps its label; zooming in brings the others back.
  // Only where nodes are shapes with the label below; text boxes are the label.
  var groups = data.options.groups || {};
  var nodeFont = (data.options.nodes && data.options.nodes.font) || {};
  var threshold = ((((data.options.nodes || {}).scaling || {}).label || {}).drawThreshold) || 5;
  var shown = { color: nodeFont.color || "#1F1F1F", strokeColor: nodeFont.strokeColor || "#FFFFFF" };
  var unshown = { color: "rgba(0,0,0,0)", strokeColor: "rgba(0,0,0,0)" };
  var muted = {};
  var measure = document.createElement("canvas").getContext("2d");
  function fontSize(n) {
    var g = groups[n.group] || {};
    return (n.font && n.font.size) || (g.font && g.font.size) || nodeFont.size || 14;
  }
  function declutter() {
    var boxes = Object.keys(groups).some(function (k) { return groups[k].shape === "box"; });
    if (boxes) return;
    var scale = network.getScale();
    var ids = nodeView.getIds();
    var at = network.getPositions(ids);
    var order = ids.map(function (id) { return byId[id]; }).sort(function (a, b) {
      return (b.size - a.size) || (a.id - b.id);
    });
    var placed = [], changes = [];
    order.forEach(function (n) {
      var px = fontSize(n) * scale;
      var hide = false;
      if (px >= threshold && n.label) {
        measure.font = px + "px " + (nodeFont.face || "sans-serif");
        var lines = String(n.label).split("\n");
        var w = Math.max.apply(null, lines.map(function (l) { return measure.measureText(l).width; }));
        var p = network.canvasToDOM(at[n.id]);
        var top = p.y + n.size * scale;
        var box = [p.x - w / 2 - 2, top, p.x + w / 2 + 2, top + px * 1.25 * lines.length];
        hide = placed.some(function (b) { return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]; });
        if (!hide) placed.push(box);
      }
      if (hide !== !!muted[n.id]) {
        muted[n.id] = hide;
        changes.push({ id: n.id, font: hide ? unshown : shown });
      }
    });
    if (changes.length) nodes.update(changes);
  }
  var pending = null;
  function declutterSoon() {
    if (pending) clearTimeout(pending);
    pending = setTimeout(function () { pending = null; declutter(); }, 150);
  }
  network.on("zoom", declutterSoon);
  network.on("dragEnd", declutterSoon);

  // Settle, then stop: physics off once the capped stabilisation is done, so
  // a big graph costs nothing after it has been laid out.
  function ready() {
    declutter();
    loading.hidden = true;
    window.kg = { network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView };
    window.__kgReadyAt = performance.now();  // ms since navigation, for the benchmark
    window.__kgReady = true;
    // also in the DOM, where a test can wait for it without evaluating script
    document.documentElement.setAttribute("data-kg-ready", "true");
  }
  var physics = data.options.physics && data.options.physics.enabled;
  if (!data.nodes.length) {
    ready();
  } else if (physics) {
    network.on("stabilizationProgress", function (p) {
      loading.textContent = "正在布局… " + p.iterations + "/" + p.total;
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", ready);
    network.fit({ animation: false });
  }
  refresh();
})();
