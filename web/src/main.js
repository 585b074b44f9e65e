// apilint's browser editor. One bundle for the two pages that need a code
// editor: the live editor at `/` and the read-only permalink view at
// `/reviews/{id}`. The server renders each page's HTML shell (labels,
// landmarks, the problems panel's frame) and passes its settings and, for
// a review, the stored review as JSON in <script type="application/json">
// elements; this code only wires the editor and the panel to them.
//
// Linting goes through the service's own JSON API (POST /api/v1/lint with
// "store": false while typing, so drafts do not become reviews).

import { EditorState, Compartment, StateEffect } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, indentOnInput, bracketMatching, foldGutter, foldKeymap } from "@codemirror/language";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { classHighlighter } from "@lezer/highlight";
import { yaml } from "@codemirror/lang-yaml";
import { json } from "@codemirror/lang-json";

const LEVELS = ["MUST", "SHOULD", "MAY", "HINT"];
// CodeMirror's four severities carry the four guideline levels, so the
// squiggles and gutter markers get one colour per level.
const SEVERITY = { MUST: "error", SHOULD: "warning", MAY: "info", HINT: "hint" };
const DEBOUNCE_MS = 300;
const STORE_TEXT = "apilint.editor.text";
const STORE_RULESET = "apilint.editor.ruleset";

const $ = (sel) => document.querySelector(sel);

// localStorage throws when the browser disables it; the editor then works
// without keeping the text.
const stored = (key) => { try { return localStorage.getItem(key); } catch { return null; } };
const store = (key, value) => { try { localStorage.setItem(key, value); } catch { /* full or disabled */ } };

function readJson(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : null;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

const looksLikeJson = (text) => /^\uFEFF?\s*[{[]/.test(text);

// The API's ranges are 0-based lines and UTF-16 columns, which is what a
// CodeMirror document counts in; a line or column past the end (the text
// changed, or a finding at the very end) is clamped rather than thrown.
function offset(doc, pos) {
  const n = Math.min(Math.max(pos.line + 1, 1), doc.lines);
  const line = doc.line(n);
  return line.from + Math.min(Math.max(pos.character, 0), line.length);
}

function toDiagnostic(doc, f, ruleset) {
  const from = offset(doc, f.range.start);
  let to = Math.max(from, offset(doc, f.range.end));
  const line = doc.lineAt(from);
  // A finding on a whole block (the document, `info`, an operation) would
  // squiggle every line under it; the mark stays on the line the finding
  // starts on, and the tooltip names the lines it covers. When that start
  // is the end of a key's line (a block value), the key is marked.
  if (to > line.to) to = line.to;
  if (to === from) {
    const indent = line.text.length - line.text.trimStart().length;
    return { ...base(f, ruleset), from: Math.min(line.from + indent, from), to: Math.max(line.to, from) };
  }
  return { ...base(f, ruleset), from, to };
}

function base(f, ruleset) {
  return {
    severity: SEVERITY[f.level] || "error",
    message: f.message,
    renderMessage: () => tooltip(f, ruleset),
  };
}

function ruleLink(code, ruleset) {
  const query = ruleset ? `?ruleset=${encodeURIComponent(ruleset)}` : "";
  return el("a", { href: `/rules/${encodeURIComponent(code)}${query}`, class: "rule-link" }, code);
}

function tooltip(f, ruleset) {
  const { start, end } = f.range;
  const lines = end.line > start.line ? ` (lines ${start.line + 1}–${end.line + 1})` : "";
  return el("div", { class: "lint-tip" },
    el("span", { class: `badge level-${f.level.toLowerCase()}` }, f.level), " ",
    el("span", { class: "tip-message" }, f.message),
    el("div", { class: "tip-code" },
      f.code === "parser" ? "syntax error" : ruleLink(f.code, ruleset), lines,
      // Rule sets are the server's input, not ours: only web links.
      /^https?:\/\//i.test(f.rule_url || "") ? el("a", { href: f.rule_url, class: "guideline", rel: "noopener", target: "_blank" }, "guideline") : ""));
}

// The editor proper, shared by both pages.
function makeEditor(parent, text, { readOnly, onChange }) {
  const language = new Compartment();
  const langFor = (t) => (looksLikeJson(t) ? json() : yaml());
  const extensions = [
    lineNumbers(), foldGutter(), lintGutter({ hoverTime: 150 }), highlightSpecialChars(),
    history(), drawSelection(), indentOnInput(), bracketMatching(),
    highlightActiveLine(), highlightActiveLineGutter(), highlightSelectionMatches(),
    syntaxHighlighting(classHighlighter),
    language.of(langFor(text)),
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...foldKeymap, indentWithTab]),
    EditorView.contentAttributes.of({
      "aria-label": readOnly ? "Specification (read-only)" : "Specification editor",
      "aria-describedby": "editor-help",
    }),
    EditorState.tabSize.of(2),
  ];
  if (readOnly) extensions.push(EditorState.readOnly.of(true));
  let isJson = looksLikeJson(text);
  extensions.push(EditorView.updateListener.of((u) => {
    if (!u.docChanged) return;
    const t = u.state.doc.toString();
    if (looksLikeJson(t) !== isJson) {
      isJson = !isJson;
      u.view.dispatch({ effects: language.reconfigure(langFor(t)) });
    }
    if (onChange) onChange(t);
  }));
  return new EditorView({ parent, state: EditorState.create({ doc: text, extensions }) });
}

// The problems panel: badges with counts, findings grouped by level, each
// a button that moves the cursor to its place; next/previous navigation.
class Problems {
  constructor(view, root) {
    this.view = view;
    this.root = root;
    this.list = root.querySelector(".problem-groups");
    this.badges = root.querySelector(".badges");
    this.items = [];
    this.current = -1;
    root.querySelector(".next-problem")?.addEventListener("click", () => this.step(1));
    root.querySelector(".prev-problem")?.addEventListener("click", () => this.step(-1));
  }

  show(review) {
    const doc = this.view.state.doc;
    const findings = review.findings.map((f) => ({ f, d: toDiagnostic(doc, f, review.ruleset?.name) }));
    // Sorted by place within each level, so the panel reads top to bottom.
    findings.sort((a, b) => a.d.from - b.d.from);
    this.view.dispatch(setDiagnostics(this.view.state, findings.map((x) => x.d)));
    this.badges.replaceChildren(...LEVELS.map((level) => {
      const n = review.counts[level.toLowerCase()] ?? 0;
      return el("span", { class: `badge level-${level.toLowerCase()}${n ? "" : " zero"}`, "data-level": level, title: `${n} ${level}` },
        `${level} `, el("span", { class: "count" }, String(n)));
    }));
    this.items = [];
    const groups = [];
    for (const level of LEVELS) {
      const mine = findings.filter((x) => x.f.level === level);
      if (!mine.length) continue;
      const ul = el("ul", { class: "problem-list" });
      for (const { f } of mine) {
        const index = this.items.length;
        const line = f.range.start.line + 1;
        const col = f.range.start.character + 1;
        const button = el("button", {
          type: "button", class: "problem", "data-line": String(line), "data-code": f.code,
          onclick: () => this.go(index),
        },
        el("span", { class: "where" }, `${line}:${col}`),
        el("span", { class: "message" }, f.message),
        el("span", { class: "code" }, f.code));
        ul.append(el("li", {}, button));
        this.items.push({ f, button });
      }
      groups.push(el("section", { class: `group level-${level.toLowerCase()}`, "data-level": level },
        el("h3", {}, `${level} `, el("span", { class: "count" }, String(mine.length))), ul));
    }
    if (!groups.length) groups.push(el("p", { class: "no-problems" }, "No problems found."));
    this.list.replaceChildren(...groups);
    this.current = -1;
  }

  go(index) {
    const item = this.items[index];
    if (!item) return;
    this.current = index;
    this.items.forEach((it, i) => it.button.classList.toggle("current", i === index));
    const doc = this.view.state.doc;
    const pos = offset(doc, item.f.range.start);
    this.view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
    this.view.focus();
  }

  step(delta) {
    if (!this.items.length) return;
    // From the cursor when nothing was picked yet, so F8 finds the next
    // problem below where the user is.
    if (this.current < 0) {
      const head = this.view.state.selection.main.head;
      const doc = this.view.state.doc;
      const starts = this.items.map((it) => offset(doc, it.f.range.start));
      const order = starts.map((s, i) => [s, i]).sort((a, b) => a[0] - b[0]);
      const found = delta > 0 ? order.find(([s]) => s > head) : [...order].reverse().find(([s]) => s < head);
      this.go((found || order[delta > 0 ? 0 : order.length - 1])[1]);
      return;
    }
    this.go((this.current + delta + this.items.length) % this.items.length);
  }
}

function navigationKeys(problems) {
  return keymap.of([
    { key: "F8", run: () => (problems.step(1), true) },
    { key: "Shift-F8", run: () => (problems.step(-1), true) },
  ]);
}

function setStatus(text, isError) {
  const s = $("#status");
  if (!s || (s.textContent === text && s.classList.contains("error") === !!isError)) return;
  s.textContent = text;
  s.classList.toggle("error", !!isError);
}

async function problemText(response) {
  try {
    const p = await response.json();
    return p.detail || p.title || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

async function postLint(body, signal) {
  const response = await fetch("/api/v1/lint", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw new Error(await problemText(response));
  return response.json();
}

function editorPage(config) {
  const select = $("#ruleset");
  if (config.rulesets.length > 1) {
    const saved = stored(STORE_RULESET);
    for (const name of config.rulesets) select.append(el("option", { value: name }, name));
    select.value = config.rulesets.includes(saved) ? saved : config.ruleset;
    $("#ruleset-field").hidden = false;
  }
  const ruleset = () => (config.rulesets.length > 1 ? select.value : config.ruleset);

  // Live linting: one request at a time per text. A newer text aborts the
  // request still running; a response for a text the editor no longer
  // holds is dropped, so the markers never jump back to an old state.
  // Markers stay in place (mapped through edits) until new ones arrive,
  // which is what keeps them from flickering while typing.
  let timer = 0;
  let inflight = null;
  let seq = 0;
  // Read by the browser tests (tests/e2e/editor.mjs): what was applied
  // last and when, so they can time keystroke-to-markers.
  const stats = (window.__apilint = { lints: 0, lastLintMs: 0, lastAppliedAt: 0, seq: 0, review: null, appliedText: null, view: null });

  const lintNow = async () => {
    clearTimeout(timer);
    const text = view.state.doc.toString();
    const mine = ++seq;
    inflight?.abort();
    const controller = (inflight = new AbortController());
    const started = performance.now();
    // Busy state without changing the status text: a live region that
    // said "Linting…" at every pause in typing would be read out each time.
    $("#problems").setAttribute("aria-busy", "true");
    try {
      const review = await postLint({ spec: text, ruleset: ruleset(), store: false }, controller.signal);
      if (mine !== seq || view.state.doc.toString() !== text) return;
      const received = performance.now();
      problems.show(review);
      stats.lints++;
      stats.lastFetchMs = received - started;
      stats.lastApplyMs = performance.now() - received;
      stats.lastLintMs = performance.now() - started;
      stats.lastAppliedAt = performance.now();
      stats.seq = mine;
      stats.review = review;
      stats.appliedText = text;
      const total = review.findings.length;
      setStatus(`${total} problem${total === 1 ? "" : "s"} · ${review.ruleset.name} · ${review.spec_format}`);
    } catch (e) {
      if (e.name === "AbortError" || mine !== seq) return;
      setStatus(`Lint failed: ${e.message}`, true);
    } finally {
      if (mine === seq) $("#problems").removeAttribute("aria-busy");
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(lintNow, DEBOUNCE_MS);
  };

  let saveTimer = 0;
  const view = makeEditor($("#editor"), stored(STORE_TEXT) ?? config.sample, {
    readOnly: false,
    onChange: (text) => {
      schedule();
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => store(STORE_TEXT, text), 200);
    },
  });
  const problems = new Problems(view, $("#problems"));
  view.dispatch({ effects: StateEffect.appendConfig.of(navigationKeys(problems)) });
  stats.view = view;

  const replaceText = (text) => {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 } });
  };
  select.addEventListener("change", () => {
    store(STORE_RULESET, select.value);
    lintNow();
  });

  // Files: the "Open file" button and a drop anywhere on the page replace
  // the text (CodeMirror's own drop would insert at the drop point).
  const readFile = async (file) => {
    if (!file) return;
    if (file.size > config.max_body) {
      setStatus(`${file.name} is larger than this server accepts (${config.max_body} bytes)`, true);
      return;
    }
    replaceText(await file.text());
    setStatus(`Opened ${file.name}`);
  };
  $("#file").addEventListener("change", (e) => readFile(e.target.files[0]));
  document.addEventListener("dragover", (e) => {
    if (e.dataTransfer?.types.includes("Files")) { e.preventDefault(); document.body.classList.add("dropping"); }
  });
  document.addEventListener("dragleave", () => document.body.classList.remove("dropping"));
  document.addEventListener("drop", (e) => {
    document.body.classList.remove("dropping");
    if (!e.dataTransfer?.files.length) return;
    e.preventDefault();
    e.stopPropagation();
    readFile(e.dataTransfer.files[0]);
  }, true);

  // Share: store a review of the current text and show its permalink.
  const shareOut = $("#share-link");
  $("#share").addEventListener("click", async () => {
    setStatus("Sharing…");
    try {
      const review = await postLint({ spec: view.state.doc.toString(), ruleset: ruleset() });
      const link = new URL(`/reviews/${review.id}`, location.href).href;
      shareOut.replaceChildren(el("a", { href: link, id: "permalink" }, link));
      shareOut.hidden = false;
      try { await navigator.clipboard?.writeText(link); setStatus("Permalink copied"); } catch { setStatus("Permalink ready"); }
    } catch (e) {
      setStatus(`Share failed: ${e.message}`, true);
    }
  });

  // `/?url=`: the server fetches the spec (its allow-list decides which
  // hosts), stores the review, and the text comes back from the review.
  const url = new URLSearchParams(location.search).get("url");
  if (url && config.url_fetch) {
    setStatus(`Loading ${url}…`);
    postLint({ spec_url: url, ruleset: ruleset() })
      .then((r) => fetch(`/api/v1/reviews/${r.id}`, { headers: { accept: "application/json" } }))
      .then(async (r) => { if (!r.ok) throw new Error(await problemText(r)); return r.json(); })
      .then((stored) => replaceText(stored.spec))
      .catch((e) => setStatus(`Could not load ${url}: ${e.message}`, true));
  } else if (url) {
    setStatus("This server does not fetch URLs (see apilint serve --allow-url-fetch)", true);
    lintNow();
  } else {
    lintNow();
  }
}

function reviewPage(review) {
  const view = makeEditor($("#editor"), review.spec, { readOnly: true });
  const problems = new Problems(view, $("#problems"));
  view.dispatch({ effects: StateEffect.appendConfig.of(navigationKeys(problems)) });
  problems.show(review);
  window.__apilint = { review, view };
  $("#edit-copy")?.addEventListener("click", () => {
    store(STORE_TEXT, review.spec);
    store(STORE_RULESET, review.ruleset.name);
    location.href = "/";
  });
}

const page = document.body.dataset.page;
if (page === "editor") editorPage(readJson("apilint-config"));
else if (page === "review") reviewPage(readJson("apilint-review"));
