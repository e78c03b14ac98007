// The studio page: facts and sources in, located problems and a pdf.js preview out. It talks
// only to this server's API (POST /v1/validate, POST /v1/briefings) and, under `briefing
// preview`, follows the local files through /preview/state and server-sent events.
import * as pdfjs from '/studio/pdf.min.mjs';

pdfjs.GlobalWorkerOptions.workerSrc = '/studio/pdf.worker.min.mjs';

const $ = (id) => document.getElementById(id);
const factsBox = $('facts');
const gutter = $('gutter');
const FACTS_NAME = /\.(ya?ml|json)$/i;

const state = {
  file: 'facts.yaml',
  sources: {},
  preview: false,
  token: sessionStorage.getItem('briefing-token') || '',
  seq: 0,
  urls: [],
  errorLines: new Set(),
};

function setStatus(text, kind = '') {
  const s = $('status');
  s.textContent = text;
  s.className = kind;
}

function headers() {
  const h = { 'content-type': 'application/json' };
  if (state.token) h.authorization = `Bearer ${state.token}`;
  return h;
}

async function call(path, body) {
  const res = await fetch(path, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
  if (res.status === 401) {
    $('auth').hidden = false;
    throw new Error('This server needs a bearer token.');
  }
  return res;
}

function body() {
  return { facts: factsBox.value, file: state.file, sources: state.sources };
}

// ---- editor: line numbers, and going to a line ----
function drawGutter() {
  const n = factsBox.value.split('\n').length;
  const lines = [];
  for (let i = 1; i <= n; i++) lines.push(state.errorLines.has(i) ? `<span class="bad">${i}</span>` : String(i));
  gutter.innerHTML = lines.join('\n');
  gutter.scrollTop = factsBox.scrollTop;
}
factsBox.addEventListener('scroll', () => (gutter.scrollTop = factsBox.scrollTop));

function goToLine(line, column) {
  const lines = factsBox.value.split('\n');
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
  const end = start + (lines[line - 1] ?? '').length;
  factsBox.focus();
  factsBox.setSelectionRange(column > 0 ? Math.min(start + column - 1, end) : start, end);
  const lineHeight = parseFloat(getComputedStyle(factsBox).lineHeight) || 18;
  factsBox.scrollTop = Math.max(0, (line - 1) * lineHeight - factsBox.clientHeight / 3);
  gutter.scrollTop = factsBox.scrollTop;
}

// ---- problems ----
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function showProblems(errors = [], warnings = []) {
  const list = $('problems');
  list.replaceChildren();
  state.errorLines = new Set();
  const all = [...errors.map((d) => ({ ...d, severity: 'error' })), ...warnings.map((d) => ({ ...d, severity: 'warning' }))];
  for (const d of all) {
    const inFacts = d.file === state.file && d.line > 0;
    if (inFacts && d.severity === 'error') state.errorLines.add(d.line);
    const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
    const place = inFacts ? el('a', { href: `#L${d.line}`, 'data-line': String(d.line), 'data-column': String(d.column) }, where) : el('span', {}, where);
    const li = el('li', { class: d.severity, 'data-code': d.code || '' }, place, ' ', el('span', { class: 'sev' }, d.severity), ' ');
    if (d.code) li.append(el('span', { class: 'code' }, d.code), ' ');
    if (d.path) li.append(el('span', { class: 'path' }, `${d.path}: `));
    li.append(d.message);
    if (d.hint) li.append(el('span', { class: 'hint' }, `hint: ${d.hint}`));
    list.append(li);
  }
  if (!all.length) list.append(el('li', { class: 'empty' }, 'None'));
  $('problem-count').textContent = all.length ? `(${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'})` : '';
  drawGutter();
}

$('problems').addEventListener('click', (ev) => {
  const a = ev.target.closest('a[data-line]');
  if (!a) return;
  ev.preventDefault();
  goToLine(Number(a.dataset.line), Number(a.dataset.column));
});

// ---- sources ----
function showSources() {
  const list = $('sources');
  list.replaceChildren();
  const names = Object.keys(state.sources).sort();
  for (const name of names) {
    const remove = el('button', { type: 'button', 'aria-label': `remove ${name}` }, '×');
    remove.disabled = state.preview;
    remove.addEventListener('click', () => {
      delete state.sources[name];
      showSources();
      schedule();
    });
    list.append(el('li', {}, el('code', {}, name), ` ${state.sources[name].length.toLocaleString()} characters`, remove));
  }
  if (!names.length) list.append(el('li', { class: 'empty' }, 'No source texts yet: upload them with the facts, or paste one below.'));
}

$('upload').addEventListener('change', async (ev) => {
  const files = [...ev.target.files];
  const factsFile = files.find((f) => FACTS_NAME.test(f.name));
  for (const f of files) {
    const text = await f.text();
    if (f === factsFile) {
      factsBox.value = text;
      state.file = f.name;
      $('facts-name').textContent = f.name;
    } else state.sources[f.name] = text;
  }
  ev.target.value = '';
  showSources();
  refresh();
});

$('paste-add').addEventListener('click', () => {
  const name = $('paste-name').value.trim();
  if (!name) return;
  state.sources[name] = $('paste-text').value;
  $('paste-name').value = '';
  $('paste-text').value = '';
  showSources();
  refresh();
});

$('token-save').addEventListener('click', () => {
  state.token = $('token').value.trim();
  sessionStorage.setItem('briefing-token', state.token);
  $('auth').hidden = true;
  refresh();
});

// ---- preview with pdf.js ----
function decode(base64) {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

async function renderPdf(bytes, container) {
  const doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false }).promise;
  const canvases = [];
  // The preview section's width: a hidden tab's panel measures 0.
  const width = Math.max(240, ($('preview').clientWidth || 760) - 40);
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const base = page.getViewport({ scale: 1 });
    const scale = width / base.width;
    const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
    const canvas = el('canvas', { 'aria-label': `page ${n} of ${doc.numPages}` });
    canvas.width = Math.round(viewport.width);
    canvas.height = Math.round(viewport.height);
    canvas.style.width = `${Math.round(base.width * scale)}px`;
    await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
    canvases.push(canvas);
  }
  container.replaceChildren(...canvases);
  container.dataset.pages = String(doc.numPages);
  await doc.destroy();
  return doc.numPages;
}

function setDownload(id, bytes, name) {
  const a = $(id);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  state.urls.push(url);
  a.href = url;
  a.download = name;
  a.setAttribute('aria-disabled', 'false');
}

async function showBuild(out) {
  for (const u of state.urls) URL.revokeObjectURL(u);
  state.urls = [];
  const id = out.manifest.id;
  const print = decode(out.files['briefing.pdf']);
  const slides = decode(out.files['slides.pdf']);
  setDownload('dl-print', print, `${id}-briefing.pdf`);
  setDownload('dl-slides', slides, `${id}-slides.pdf`);
  $('dl-zip').disabled = false;
  $('dl-pptx').disabled = false;
  // One after the other: pdf.js documents share its worker, and destroying one while the
  // other still loads fails the other ("Invalid page request").
  const pages = await renderPdf(print, $('pages-print'));
  const slideCount = await renderPdf(slides, $('pages-slides'));
  document.body.dataset.built = String(Date.now());
  return { pages, slideCount };
}

/** Builds one more output on request (it is not part of the preview) and hands it to the browser. */
async function downloadBuilt(format, what, fallback) {
  const res = await call(`/v1/briefings?format=${format}`, body());
  if (!res.ok) return setStatus(`The ${what} could not be built`, 'bad');
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '')?.[1] || fallback });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
$('dl-pptx').addEventListener('click', () => downloadBuilt('pptx', 'PowerPoint deck', 'slides.pptx'));
$('dl-zip').addEventListener('click', () => downloadBuilt('zip', 'zip', 'briefing.zip'));

for (const kind of ['print', 'slides']) {
  $(`tab-${kind}`).addEventListener('click', () => {
    for (const k of ['print', 'slides']) {
      $(`tab-${k}`).setAttribute('aria-selected', String(k === kind));
      $(`pages-${k}`).hidden = k !== kind;
    }
  });
}

// ---- the loop: check on every edit, build when valid ----
async function refresh() {
  const seq = ++state.seq;
  drawGutter();
  if (!factsBox.value.trim()) {
    showProblems();
    setStatus('Waiting for facts');
    return;
  }
  try {
    setStatus('Checking…');
    const checked = await call('/v1/validate', body());
    const report = await checked.json();
    if (seq !== state.seq) return;
    showProblems(report.errors, report.warnings);
    if (!checked.ok) {
      const n = report.errors.length;
      setStatus(`${n} problem${n === 1 ? '' : 's'}: the preview shows the last good build`, 'bad');
      document.body.dataset.invalid = String(Date.now());
      return;
    }
    setStatus('Building…');
    const started = performance.now();
    const built = await call('/v1/briefings?format=json&formats=print,slides', body());
    const out = await built.json();
    if (seq !== state.seq) return;
    if (!built.ok) {
      showProblems(out.errors, out.warnings);
      setStatus(built.status === 503 ? 'The server is busy; trying again shortly' : 'The build failed', 'bad');
      if (built.status === 503) setTimeout(refresh, 1000 * Number(built.headers.get('retry-after') || 2));
      return;
    }
    showProblems([], out.warnings);
    const { pages, slideCount } = await showBuild(out);
    if (seq !== state.seq) return;
    setStatus(`Built in ${Math.round(performance.now() - started)} ms: ${pages} pages, ${slideCount} slides`, 'ok');
  } catch (e) {
    if (seq === state.seq) setStatus(e.message, 'bad');
  }
}

let timer;
function schedule() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 350);
}
factsBox.addEventListener('input', () => {
  drawGutter();
  schedule();
});

// ---- briefing preview: follow the local files ----
async function loadPreview() {
  const res = await fetch('/preview/state');
  const s = await res.json();
  if (!s.preview) return false;
  state.preview = true;
  state.file = s.file;
  state.sources = s.sources;
  factsBox.value = s.facts;
  factsBox.readOnly = true;
  $('upload').disabled = true;
  $('paste').hidden = true;
  $('facts-name').textContent = s.file;
  $('mode').textContent = `Following ${s.file}: edit it, its sources or the templates in your editor and this page rebuilds.`;
  showSources();
  return true;
}

if (await loadPreview()) {
  const events = new EventSource('/preview/events');
  events.addEventListener('change', async () => {
    await loadPreview();
    refresh();
  });
  refresh();
} else drawGutter();
