// scenegraph's network view, drawn in the page itself (Streamlit components v2: no iframe). vis-network is loaded
// once per browser tab from the package's static folder and kept for every later view, on any page; nodes are
// drawn at positions computed in Python (physics off), so the view is still once drawn. A click or double click
// goes back to Python as the trigger value "event": {event: "click" | "open", id, n}.
const VIS_FILE = "component/scenegraph.ui.vis_network.scenegraph_network/vis-network.min.js";

// Streamlit serves component files with no freshness lifetime and no validator, so the browser would fetch
// vis-network (~470 KB) again for every new tab or reload: the page's Cache Storage keeps it instead
const VIS_CACHE = "vis-network-9.1.2";

function loadVis() {
  if (window.vis && window.vis.Network) return Promise.resolve(window.vis);
  if (!window.__scenegraphVis) {
    const url = new URL(VIS_FILE, document.baseURI).href;
    const byTag = () => new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = url;
      s.onload = () => resolve(window.vis);
      s.onerror = () => reject(new Error("vis-network did not load"));
      document.head.appendChild(s);
    });
    const inline = (text) => {  // an inline script runs as it is inserted
      const s = document.createElement("script");
      s.textContent = text;
      document.head.appendChild(s);
      if (!window.vis || !window.vis.Network) throw new Error("vis-network did not run");
      return window.vis;
    };
    const cached = !window.caches ? Promise.reject(new Error("no Cache Storage")) : caches.open(VIS_CACHE)
      .then((cache) => cache.match(url).then((hit) => hit || fetch(url).then((r) => {
        if (!r.ok) throw new Error("vis-network: " + r.status);
        return cache.put(url, r.clone()).then(() => r);
      })))
      .then((r) => r.text())
      .then(inline);
    window.__scenegraphVis = cached.catch(byTag).catch((e) => { window.__scenegraphVis = null; throw e; });
  }
  return window.__scenegraphVis;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function legend(bar, items, text, state) {
  bar.textContent = "";
  items.forEach((it) => {
    const key = el("span", "key");
    const sw = el("span", "sw");
    sw.style.background = it.fill;
    sw.style.borderColor = it.border;
    key.appendChild(sw);
    key.appendChild(document.createTextNode(it.label));
    bar.appendChild(key);
  });
  const fit = el("button", "fit", text.fit);
  fit.type = "button";
  fit.onclick = () => { if (state.network) state.network.fit({ animation: false }); };
  bar.appendChild(fit);
}

// a focused view: fit everything, but never below minScale, centred on the focus. A view without a focus (the
// whole graph) opens fitted: all of it in sight, labels kept (drawThreshold below), the wheel zooms in to read
function frame(state, focus, canvas) {
  const { network, nodes, minScale } = state;
  network.fit({ animation: false });
  if (network.getScale() >= minScale || !focus || !nodes.get(focus)) return;
  const halfW = canvas.clientWidth / (2 * minScale), halfH = canvas.clientHeight / (2 * minScale);
  const box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  nodes.forEach((n) => {
    if (typeof n.x !== "number" || typeof n.y !== "number") return;
    box.x0 = Math.min(box.x0, n.x); box.y0 = Math.min(box.y0, n.y);
    box.x1 = Math.max(box.x1, n.x); box.y1 = Math.max(box.y1, n.y);
  });
  if (!isFinite(box.x0)) return;  // no positions given: the fit above stands
  const keep = focus && nodes.get(focus) ? network.getPositions([focus])[focus] : { x: box.x0, y: box.y0 };
  const clamp = (v, lo, hi) => (lo > hi ? (lo + hi) / 2 : Math.min(Math.max(v, lo), hi));
  const at = {
    x: clamp((box.x0 + box.x1) / 2, keep.x - halfW + 120, keep.x + halfW - 120),
    y: clamp((box.y0 + box.y1) / 2, keep.y - halfH + 60, keep.y + halfH - 60),
  };
  network.moveTo({ position: at, scale: minScale, animation: false });
}

// zoomed out so far that node labels are drawn under LEGIBLE px, the stages' and targets' names (their "mark")
// are written over the drawing at MARK_PX, on a white ground, so a fitted whole graph still says what is where
const LEGIBLE = 7, MARK_PX = 11, MARK_MAX_PX = 260;

// a name at most `max` wide (canvas units), ended by "…" when cut; the tooltip keeps it whole
function fitted(ctx, text, max) {
  if (ctx.measureText(text).width <= max) return text;
  let chars = [...text];
  while (chars.length > 1 && ctx.measureText(chars.join("") + "…").width > max) chars = chars.slice(0, -1);
  return chars.join("").trimEnd() + "…";
}

function landmarks(state, ctx) {
  const network = state.network, scale = network.getScale();
  let drawn = 0;
  if (state.overview && 12 * scale < LEGIBLE) {
    const px = MARK_PX / scale, pad = 3 / scale;
    const right = network.DOMtoCanvas({ x: network.body.container.clientWidth, y: 0 }).x - pad;
    ctx.save();
    ctx.font = `${px}px system-ui, Noto Sans CJK SC, sans-serif`;
    ctx.textBaseline = "middle";
    state.nodes.forEach((n) => {
      const body = n.mark && network.body.nodes[n.id];
      if (!body) return;
      // from the node's left edge, or moved left so it ends inside the canvas (the targets' band is near its edge)
      const text = fitted(ctx, n.mark, MARK_MAX_PX / scale), w = ctx.measureText(text).width;
      const x = Math.min(body.x - (body.shape.width || 0) / 2, right - w);
      ctx.fillStyle = "rgba(255,255,255,0.9)";
      ctx.fillRect(x - pad, body.y - px * 0.65, w + 2 * pad, px * 1.3);
      ctx.fillStyle = "#1a1a1a";
      ctx.fillText(text, x, body.y);
      drawn += 1;
    });
    ctx.restore();
  }
  network.body.container.parentElement.setAttribute("data-marks", String(drawn));  // for the browser tests
}

const TALLEST = 1400;  // px: the tallest a whole-graph drawing grows to fit legibly

// a view without a focus opens fitted: a drawing taller than the canvas's shape gets a taller canvas (up to
// TALLEST), so fitting it keeps the scale the width allows and its labels stay legible
function legibleHeight(view, width, base, minScale) {
  if (view.focus || !view.nodes.length) return base;
  const xs = view.nodes.map((n) => n.x), ys = view.nodes.map((n) => n.y);
  const w = Math.max(...xs) - Math.min(...xs) + 200, h = Math.max(...ys) - Math.min(...ys) + 120;
  const scale = Math.min(width / w, minScale);
  return Math.max(base, Math.min(TALLEST, Math.ceil(h * scale)));
}

const OPTIONS = {
  autoResize: true,
  physics: { enabled: false },
  layout: { improvedLayout: false, randomSeed: 7 },
  // labels are drawn down to 2 px on screen (vis-network's default hides them below 5 px, so "Show all" on a
  // big view drew empty boxes)
  nodes: { shape: "box", margin: 7, widthConstraint: { maximum: 170 },
           font: { face: "system-ui, Noto Sans CJK SC, sans-serif", color: "#1a1a1a", multi: false },
           scaling: { label: { enabled: false, drawThreshold: 2 } } },
  edges: { smooth: false, width: 1, arrows: { to: { enabled: true, scaleFactor: 0.45 } },
           color: { color: "#c4c4c4", highlight: "#333333", hover: "#777777", opacity: 0.9 },
           selectionWidth: 1.5, hoverWidth: 0.5 },
  interaction: { hover: true, tooltipDelay: 150, multiselect: false, navigationButtons: false, keyboard: false,
                 zoomSpeed: 0.6 },
};

// the compact payload (scenegraph.network_view.view_data) as vis-network's nodes and edges: colours by group,
// the focus outlined, relationships from [from, to, phrase] positions
function expand(view) {
  const nodes = view.nodes.map((n) => {
    if (n.summary) return n;
    const { size, ...node } = n, focus = n.id === view.focus;
    return { ...node, color: focus ? view.focus_color : view.palette[n.group], borderWidth: focus ? 3 : 1,
             font: { size, bold: focus } };
  });
  const edges = view.links.map(([i, j, k]) => {
    const edge = { from: nodes[i].id, to: nodes[j].id };
    if (k < 0) return { ...edge, dashes: true };
    const phrase = view.phrases[k];  // written on the line too when the view has few relationships
    return view.edge_labels ? { ...edge, title: phrase, label: phrase } : { ...edge, title: phrase };
  });
  return { nodes, edges };
}

function draw(vis, root, state, args, setTriggerValue) {
  const view = args.view, t0 = performance.now();
  root.removeAttribute("data-settled");
  window.scenegraphSettled = undefined;
  const canvas = root.querySelector(".net");
  state.minScale = args.min_scale || 0.75;
  canvas.style.height = legibleHeight(view, canvas.clientWidth || 900, args.height, state.minScale) + "px";
  legend(root.querySelector(".bar"), view.legend, args.text, state);
  root.querySelector(".hint").textContent = args.text.hint;
  state.rows = view.rows || [];
  state.overview = !view.focus;  // landmark names only on a view without a focus (a focused one opens readable)
  const { nodes, edges } = expand(view);
  if (!state.network) {
    state.nodes = new vis.DataSet(nodes);
    state.edges = new vis.DataSet(edges);
    state.network = new vis.Network(canvas, { nodes: state.nodes, edges: state.edges }, OPTIONS);
    const send = (event, p) => {
      if (p.nodes.length) setTriggerValue("event", { event, id: p.nodes[0], n: Date.now() + Math.random() });
    };
    state.network.on("afterDrawing", (ctx) => landmarks(state, ctx));
    state.network.on("click", (p) => send("click", p));
    state.network.on("doubleClick", (p) => send("open", p));
    state.network.on("beforeDrawing", (ctx) => {
      // shaded stage rows (or columns, in a turned drawing) behind the chain, so each stage's processes and
      // scenarios read as one line
      ctx.save();
      state.rows.forEach((r, i) => {
        ctx.fillStyle = i % 2 ? "rgba(31,95,153,0.035)" : "rgba(31,95,153,0.085)";
        if (r.x0 !== undefined) ctx.fillRect(r.x0, -1e5, r.x1 - r.x0, 2e5);
        else ctx.fillRect(-1e5, r.y0, 2e5, r.y1 - r.y0);
      });
      ctx.restore();
    });
  } else {
    state.nodes.clear(); state.edges.clear();
    state.nodes.add(nodes); state.edges.add(edges);
  }
  state.send = setTriggerValue;
  root.network = window.network = state.network;  // for the browser tests and bench/browser.py
  frame(state, view.focus, canvas);
  if (view.focus && state.nodes.get(view.focus)) state.network.selectNodes([view.focus]);
  state.network.once("afterDrawing", () => {
    window.scenegraphSettled = performance.now() - t0;
    root.setAttribute("data-settled", String(state.nodes.length));
  });
  state.network.redraw();
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (data && data.preload) {  // any page: load vis-network while the browser is idle, for the first view to come
    (window.requestIdleCallback || setTimeout)(() => loadVis().catch(() => undefined));
    return undefined;
  }
  let root = parentElement.querySelector(":scope > .sgn");
  if (!root) {
    root = el("div", "sgn");
    root.append(el("div", "bar"), el("div", "net"), el("div", "hint"));
    parentElement.appendChild(root);
  }
  const state = root.__state || (root.__state = { network: null, key: null });
  const cleanup = () => {  // the view leaves the page
    if (state.network) {
      if (window.network === state.network) window.network = undefined;
      state.network.destroy();
      state.network = null;
    }
    state.key = null;
  };
  if (!data || data.view_key === state.key) return cleanup;  // the same view again: keep it still
  state.key = data.view_key;
  loadVis().then((vis) => {
    if (state.key === data.view_key) draw(vis, root, state, data, setTriggerValue);
  });
  return cleanup;
}
