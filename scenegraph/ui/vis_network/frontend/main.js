// The Streamlit side of the network component, without a build step: Streamlit's component protocol is a few
// window messages (componentReady, render, setComponentValue, setFrameHeight).
(function () {
  "use strict";
  var network = null, nodes = null, edges = null, shown = null, rows = [], clicks = 0, minScale = 0.75;

  function send(type, payload) {
    var msg = Object.assign({ isStreamlitMessage: true, type: type }, payload || {});
    window.parent.postMessage(msg, "*");
  }
  function setValue(value) { send("streamlit:setComponentValue", { value: value, dataType: "json" }); }
  function setHeight() { send("streamlit:setFrameHeight", { height: document.body.scrollHeight }); }

  function legend(items, text) {
    var bar = document.getElementById("bar");
    bar.textContent = "";
    items.forEach(function (it) {
      var key = document.createElement("span");
      key.className = "key";
      var sw = document.createElement("span");
      sw.className = "sw";
      sw.style.background = it.fill;
      sw.style.borderColor = it.border;
      key.appendChild(sw);
      key.appendChild(document.createTextNode(it.label));
      bar.appendChild(key);
    });
    var fit = document.createElement("button");
    fit.id = "fit";
    fit.textContent = text.fit;
    fit.onclick = function () { if (network) network.fit({ animation: false }); };
    bar.appendChild(fit);
    document.getElementById("hint").textContent = text.hint;
  }

  // readable first: fit everything, but never below minScale; then centre on the focus (or the top left)
  function frame(focus) {
    network.fit({ animation: false });
    if (network.getScale() >= minScale) return;
    // centre on the middle of the drawing, moved only as far as needed to keep the focus (or the top left)
    // in view: the neighbours beside the focus fill the canvas instead of half of it staying empty
    var canvas = document.getElementById("net");
    var halfW = canvas.clientWidth / (2 * minScale), halfH = canvas.clientHeight / (2 * minScale);
    var box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    nodes.forEach(function (n) {
      if (typeof n.x !== "number" || typeof n.y !== "number") return;
      box.x0 = Math.min(box.x0, n.x); box.y0 = Math.min(box.y0, n.y);
      box.x1 = Math.max(box.x1, n.x); box.y1 = Math.max(box.y1, n.y);
    });
    if (!isFinite(box.x0)) return;  // no positions given: the fit above stands
    var keep = (focus && nodes.get(focus)) ? network.getPositions([focus])[focus] : { x: box.x0, y: box.y0 };
    function clamp(v, lo, hi) { return lo > hi ? (lo + hi) / 2 : Math.min(Math.max(v, lo), hi); }
    var at = {
      x: clamp((box.x0 + box.x1) / 2, keep.x - halfW + 120, keep.x + halfW - 120),
      y: clamp((box.y0 + box.y1) / 2, keep.y - halfH + 60, keep.y + halfH - 60)
    };
    network.moveTo({ position: at, scale: minScale, animation: false });
  }

  function draw(args) {
    var data = args.data, t0 = performance.now();
    document.body.removeAttribute("data-settled");
    window.scenegraphSettled = undefined;
    document.getElementById("net").style.height = args.height + "px";
    legend(data.legend, args.text);
    rows = data.rows || [];
    var options = {
      autoResize: true,
      physics: { enabled: false },
      layout: { improvedLayout: false, randomSeed: 7 },
      nodes: { shape: "box", margin: 7, widthConstraint: { maximum: 170 }, font: { face: "system-ui, Noto Sans CJK SC, sans-serif", color: "#1a1a1a", multi: false } },
      edges: { smooth: false, width: 1, arrows: { to: { enabled: true, scaleFactor: 0.45 } },
               color: { color: "#c4c4c4", highlight: "#333333", hover: "#777777", opacity: 0.9 },
               selectionWidth: 1.5, hoverWidth: 0.5 },
      interaction: { hover: true, tooltipDelay: 150, multiselect: false, navigationButtons: false, keyboard: false,
                     zoomSpeed: 0.6 }
    };
    if (!network) {
      nodes = new vis.DataSet(data.nodes);
      edges = new vis.DataSet(data.edges);
      network = new vis.Network(document.getElementById("net"), { nodes: nodes, edges: edges }, options);
      window.network = network;
      network.on("click", function (p) {
        if (p.nodes.length) setValue({ event: "click", id: p.nodes[0], n: ++clicks });
      });
      network.on("doubleClick", function (p) {
        if (p.nodes.length) setValue({ event: "open", id: p.nodes[0], n: ++clicks });
      });
      network.on("beforeDrawing", function (ctx) {
        // shaded stage rows behind the chain, so each stage's processes and scenarios read as one line
        ctx.save();
        rows.forEach(function (r, i) {
          ctx.fillStyle = i % 2 ? "rgba(31,95,153,0.035)" : "rgba(31,95,153,0.085)";
          ctx.fillRect(-1e5, r.y0, 2e5, r.y1 - r.y0);
        });
        ctx.restore();
      });
    } else {
      network.setOptions(options);
      nodes.clear(); edges.clear();
      nodes.add(data.nodes); edges.add(data.edges);
    }
    frame(data.focus);
    if (data.focus && nodes.get(data.focus)) network.selectNodes([data.focus]);
    network.once("afterDrawing", function () {
      window.scenegraphSettled = performance.now() - t0;
      document.body.setAttribute("data-settled", String(nodes.length));
    });
    network.redraw();
    setHeight();
  }

  // vis-network (~470 KB) travels once per browser: Streamlit serves component files without a freshness
  // lifetime, so the browser would fetch it for every view; the page's Cache Storage keeps it instead
  var VIS = "vis-network-9.1.2";
  function loadVis(done) {
    var url = new URL("./vis-network.min.js", location.href).href;
    function tag() { var s = document.createElement("script"); s.src = url; s.onload = done; document.head.appendChild(s); }
    function inline(text) { var s = document.createElement("script"); s.textContent = text; document.head.appendChild(s); done(); }
    if (!window.caches) { tag(); return; }
    caches.open(VIS).then(function (cache) {
      return cache.match(url).then(function (hit) {
        if (hit) return hit.text();
        return fetch(url).then(function (r) {
          if (!r.ok) throw new Error("vis-network: " + r.status);
          return cache.put(url, r.clone()).then(function () { return r.text(); });
        });
      });
    }).then(inline, tag);
  }

  var lastKey = null;
  window.addEventListener("message", function (ev) {
    var msg = ev.data;
    if (!msg || msg.type !== "streamlit:render") return;
    var args = msg.args;
    if (args.view_key === lastKey) return;  // the same view again (a rerun that changed nothing here): keep it still
    lastKey = args.view_key;
    minScale = args.min_scale || minScale;
    draw(args);
  });
  loadVis(function () { send("streamlit:componentReady", { apiVersion: 1 }); });
})();
