// A heatmap (rows x columns, a number in each cell) or horizontal bars (a number at each bar's end), drawn as
// plain HTML in the page (Streamlit's components v2: no iframe, no chart library). A click outlines the cell or
// bar at once and sends its id(s) to Python as the trigger value "click".
const ESC = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ESC[c]);
const SCALES = {  // light to dark, as plotly's Blues and Greens
  blues: [[247, 251, 255], [198, 219, 239], [107, 174, 214], [33, 113, 181], [8, 48, 107]],
  greens: [[247, 252, 245], [199, 233, 192], [116, 196, 118], [35, 139, 69], [0, 68, 27]],
  oranges: [[255, 245, 235], [253, 208, 162], [253, 141, 60], [217, 72, 1], [127, 39, 4]],
};

function colour(scale, x) {  // x in [0, 1]
  const stops = SCALES[scale] || SCALES.blues;
  const at = Math.max(0, Math.min(1, x)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(at));
  const f = at - i;
  const c = stops[i].map((v, k) => Math.round(v + (stops[i + 1][k] - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function heat(d) {
  const max = Math.max(1e-9, ...d.values.flat().filter((v) => v != null));
  const head = d.cols.map((c) => `<th class="col">${esc(c.name)}</th>`).join("");
  const body = d.rows.map((r, i) => `<tr><th class="row">${esc(r.name)}</th>` + d.cols.map((c, j) => {
    const v = d.values[i][j];
    const x = v == null ? 0 : v / max;
    const on = d.chosen && d.chosen[0] === r.id && d.chosen[1] === c.id ? " chosen" : "";
    return `<td class="cell${on}" tabindex="0" role="button" data-v="${i},${j}" title="${esc(d.hover[i][j])}" ` +
      `style="background:${colour(d.scale, x)};color:${x > 0.55 ? "#fff" : "#262730"}">${esc(d.text[i][j])}</td>`;
  }).join("") + "</tr>").join("");
  return `<table class="heat"><thead><tr><th class="corner"></th>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function bars(d) {
  const max = Math.max(1, ...d.bars.map((b) => b.value));
  return `<div class="bars">` + d.bars.map((b, k) => {
    const on = b.id === d.chosen ? " chosen" : "";
    return `<div class="bar-row${on}" tabindex="0" role="button" data-v="${k}" title="${esc(b.name)}: ${b.value}">` +
      `<span class="name">${esc(b.name)}</span><span class="track"><span class="bar" ` +
      `style="width:${(85 * b.value) / max}%"></span><span class="num">${esc(b.text ?? b.value)}</span></span></div>`;
  }).join("") + `</div><div class="axis">${esc(d.axis)}</div>`;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".sgc");
  if (!root) {
    root = document.createElement("div");
    root.className = "sgc";
    parentElement.appendChild(root);
  }
  if (!data) return;
  const key = JSON.stringify(data);
  if (root.__key !== key) {  // an unchanged view is not drawn again
    root.__key = key;
    root.innerHTML = `<div class="title">${esc(data.title)}</div>` + (data.kind === "heat" ? heat(data) : bars(data));
  }
  const pick = (el) => {
    root.querySelectorAll(".chosen").forEach((x) => x.classList.remove("chosen"));
    el.classList.add("chosen");
    const v = el.dataset.v.split(",").map(Number);
    setTriggerValue("click", data.kind === "heat" ? [data.rows[v[0]].id, data.cols[v[1]].id] : data.bars[v[0]].id);
  };
  root.onclick = (e) => {
    const el = e.target.closest("[data-v]");
    if (el) pick(el);
  };
  root.onkeydown = (e) => {
    const el = e.target.closest("[data-v]");
    if (el && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      pick(el);
    }
  };
}
