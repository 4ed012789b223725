// A download button for private data: a press asks Python for the file (trigger "want"); the run that answers
// sends it in this element's data, and the page saves it through a blob: URL (this tab only), then forgets it.
// Every text is set with textContent.
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(":scope > .sgd");
  if (!root) {
    root = document.createElement("div");
    root.className = "sgd";
    const b = document.createElement("button");
    b.type = "button";
    root.appendChild(b);
    parentElement.appendChild(root);
  }
  const button = root.querySelector("button");
  if (!data) return undefined;
  button.textContent = "⬇ " + (data.label || "");
  button.title = data.help || "";
  button.onclick = () => {
    // pressed: wait for the file, but never for good (a press lost to a rerun can be made again)
    button.disabled = true;
    clearTimeout(root.__wait);
    root.__wait = setTimeout(() => { button.disabled = false; }, 4000);
    setTriggerValue("want", String(Date.now()) + "-" + Math.random().toString(36).slice(2));
  };
  const f = data.file;
  if (f && f.n !== root.__done) {
    root.__done = f.n;
    const bin = atob(f.b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const url = URL.createObjectURL(new Blob([bytes], { type: f.mime }));
    const a = document.createElement("a");
    a.href = url;
    a.download = f.name;
    a.style.display = "none";
    root.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  if (f) {
    clearTimeout(root.__wait);
    button.disabled = false;
  }
  return undefined;
}
