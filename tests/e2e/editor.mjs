// The browser editor in a real browser: Debian's chromium driven by
// playwright-core, against the apilint server tests/editor_e2e.rs started.
//
//   node editor.mjs <base-url>
//
// Environment: CHROMIUM (the browser binary), E2E_CORPUS (specs to time,
// comma-separated paths), E2E_SCREENSHOTS (a directory: also take the
// README's light and dark screenshots). Prints one `measure ...` line per
// timed spec; exits non-zero with the failed check's reason.

import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

const base = process.argv[2];
if (!base) throw new Error("usage: node editor.mjs <base-url>");

// A spec with one known MUST finding: the camelCase property on line 17.
const SPEC = `openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
  x-api-id: 0f4b5d77-0bd8-4b86-8ac4-51a1a6f7a9b1
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  petName:
                    type: string
`;
const SNAKE = "zalando-118-property-names-snake-case";
const SNAKE_LINE = 17;

function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
  console.log(`ok - ${what}`);
}

async function apiLint(spec) {
  const r = await fetch(`${base}/api/v1/lint`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ spec, store: false }),
  });
  if (r.status !== 200) throw new Error(`POST /api/v1/lint: ${r.status} ${await r.text()}`);
  return r.json();
}

// Where the editor shows markers now: for each squiggle, its 1-based line,
// level class and text; and the gutter markers' count.
const markers = (page) => page.evaluate(() => {
  const view = window.__apilint.view;
  return [...document.querySelectorAll(".cm-lintRange")].map((el) => ({
    line: view.state.doc.lineAt(view.posAtDOM(el)).number,
    level: [...el.classList].find((c) => c.startsWith("cm-lintRange-")).slice("cm-lintRange-".length),
    text: el.textContent,
  }));
});

const panelCounts = (page) => page.evaluate(() => Object.fromEntries(
  [...document.querySelectorAll("#problems .badges .badge")].map((b) => [b.dataset.level.toLowerCase(), Number(b.querySelector(".count").textContent)])));

const cursorLine = (page) => page.evaluate(() => {
  const view = window.__apilint.view;
  return view.state.doc.lineAt(view.state.selection.main.head).number;
});

// Replaces the editor's text with a real paste event (what Ctrl+V sends).
async function paste(page, text) {
  await page.click(".cm-content");
  await page.keyboard.press("Control+A");
  return page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData("text/plain", t);
    const at = performance.now();
    document.querySelector(".cm-content").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    return at;
  }, text);
}

// Waits until the editor applied a lint of exactly its current text.
async function settled(page, timeout = 10000) {
  await page.waitForFunction(() => {
    const a = window.__apilint;
    return a.review && a.lastAppliedAt > 0 && a.appliedText === a.view.state.doc.toString();
  }, null, { timeout, polling: 10 });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const profile = mkdtempSync(join(tmpdir(), "apilint-e2e-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 800 },
});
const errors = [];
try {
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/`);
  await page.waitForSelector(".cm-content");
  await settled(page);

  // The README's screenshots, light and dark: the sample a first visit
  // shows, a problem picked in the panel, its tooltip open.
  const shots = process.env.E2E_SCREENSHOTS;
  if (shots) {
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.locator(`button.problem[data-code="${SNAKE}"]`).click();
      await page.locator(".cm-lintRange-error", { hasText: "petName" }).hover();
      await page.waitForSelector(".cm-tooltip-lint");
      await page.screenshot({ path: join(shots, `editor-${scheme}.png`) });
    }
  }

  // 1. Paste a spec with a MUST violation: a marker on its line in 1 s.
  const pastedAt = await paste(page, SPEC);
  await page.waitForFunction((line) => {
    const view = window.__apilint.view;
    return [...document.querySelectorAll(".cm-lintRange-error")]
      .some((el) => view.state.doc.lineAt(view.posAtDOM(el)).number === line);
  }, SNAKE_LINE, { timeout: 1000, polling: 10 });
  const shownAt = await page.evaluate(() => performance.now());
  check(shownAt - pastedAt <= 1000, `MUST marker on line ${SNAKE_LINE} ${Math.round(shownAt - pastedAt)} ms after the paste`);
  await settled(page);
  const m = await markers(page);
  check(m.some((x) => x.line === SNAKE_LINE && x.level === "error" && x.text.includes("petName")), "the squiggle is under petName");
  check(await page.locator(`.cm-gutter-lint .cm-lint-marker-error`).count() > 0, "error markers in the gutter");
  const api = await apiLint(SPEC);
  const counts = await panelCounts(page);
  check(JSON.stringify(counts) === JSON.stringify(api.counts), `panel counts ${JSON.stringify(counts)} equal the API's ${JSON.stringify(api.counts)}`);
  check(await page.locator("button.problem").count() === api.findings.length, `the panel lists ${api.findings.length} problems`);
  check(await page.locator(`button.problem[data-code="${SNAKE}"][data-line="${SNAKE_LINE}"]`).count() === 1, "the #118 problem is listed at its line");

  // Hover: message, code, level and a link to the rule's page.
  await page.locator(".cm-lintRange-error", { hasText: "petName" }).hover();
  const tip = page.locator(".cm-tooltip-lint .lint-tip", { hasText: "snake_case" });
  await tip.waitFor({ timeout: 3000 });
  check(await tip.locator(`a[href^="/rules/${SNAKE}"]`).count() === 1 && (await tip.textContent()).includes("MUST"), "hover shows level, message and the rule link");

  // 2. Click a problem: the cursor moves to its line.
  const target = page.locator(`button.problem[data-code="${SNAKE}"]`);
  await page.click(".cm-content");
  await page.keyboard.press("Control+Home");
  await target.click();
  check(await cursorLine(page) === SNAKE_LINE, `clicking the problem puts the cursor on line ${SNAKE_LINE}`);
  check(await page.evaluate(() => document.activeElement.classList.contains("cm-content")), "and focuses the editor");
  // Keyboard: F8 / Shift+F8 walk the problems.
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("F8");
  const firstLine = Number(await page.locator("button.problem.current").getAttribute("data-line"));
  check(await cursorLine(page) === firstLine, `F8 goes to the next problem (line ${firstLine})`);

  // 3. Fix it by typing: the marker disappears.
  await page.evaluate(() => {
    const view = window.__apilint.view;
    const at = view.state.doc.toString().indexOf("petName");
    view.dispatch({ selection: { anchor: at, head: at + "petName".length } });
    view.focus();
  });
  await page.keyboard.type("pet_name");
  await page.waitForFunction((line) => {
    const view = window.__apilint.view;
    return view.state.doc.toString().includes("pet_name:") && window.__apilint.appliedText === view.state.doc.toString()
      && ![...document.querySelectorAll(".cm-lintRange-error")].some((el) => view.state.doc.lineAt(view.posAtDOM(el)).number === line);
  }, SNAKE_LINE, { timeout: 3000, polling: 10 });
  check(await page.locator(`button.problem[data-code="${SNAKE}"]`).count() === 0, "after the fix the #118 marker and problem are gone");
  const fixedCounts = await panelCounts(page);
  check(fixedCounts.must === api.counts.must - 1, "one MUST fewer");

  // 4. The text survives a reload (localStorage).
  await page.waitForTimeout(300);
  await page.reload();
  await page.waitForSelector(".cm-content");
  await settled(page);
  check((await page.evaluate(() => window.__apilint.view.state.doc.toString())).includes("pet_name:"), "a reload keeps the text");

  // A stale answer is never applied: the first request is held back while
  // typing goes on; only the lint of the final text shows.
  let held = 0;
  await page.route("**/api/v1/lint", async (route) => {
    if (held++ === 0) await new Promise((r) => setTimeout(r, 800));
    try { await route.continue(); } catch { /* aborted by the editor */ }
  });
  const lintsBefore = await page.evaluate(() => window.__apilint.lints);
  await page.evaluate(() => {
    const view = window.__apilint.view;
    view.dispatch({ selection: { anchor: view.state.doc.line(1).to } });
    view.focus();
  });
  await page.keyboard.type(" ");
  await page.waitForTimeout(450);
  await page.keyboard.type(" ");
  await settled(page);
  await page.waitForTimeout(600);
  check(await page.evaluate((n) => window.__apilint.lints === n + 1, lintsBefore), "a stale answer is dropped: one lint applied, of the final text");
  await page.unroute("**/api/v1/lint");

  // Another rule set from the select: the lint uses it.
  await page.selectOption("#ruleset", "spectral:oas");
  await page.waitForFunction(() => window.__apilint.review?.ruleset.name === "spectral:oas", null, { timeout: 5000 });
  check(await page.locator('button.problem[data-code^="zalando-"]').count() === 0, "choosing spectral:oas lints with it");
  await page.selectOption("#ruleset", "apilint:zalando");
  await page.waitForFunction(() => window.__apilint.review?.ruleset.name === "apilint:zalando", null, { timeout: 5000 });

  // A dropped file replaces the text.
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], "dropped.yaml", { type: "application/yaml" }));
    document.querySelector(".cm-content").dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  }, SPEC);
  await page.waitForFunction((t) => window.__apilint.view.state.doc.toString() === t, SPEC, { timeout: 3000 });
  await settled(page);
  check(await page.locator(`button.problem[data-code="${SNAKE}"]`).count() === 1, "a dropped file replaces the text and is linted");

  // 5. Share, open the permalink in a new page: same spec, same findings.
  await page.click("#share");
  const link = await page.locator("#permalink").getAttribute("href", { timeout: 5000 });
  check(/\/reviews\/[0-9a-f-]{36}$/.test(link), `Share gives a permalink (${link})`);
  const editorText = await page.evaluate(() => window.__apilint.view.state.doc.toString());
  const editorFindings = await page.evaluate(() => window.__apilint.review.findings);
  const shared = await context.newPage();
  shared.on("pageerror", (e) => errors.push(e.message));
  await shared.goto(link);
  await shared.waitForSelector(".cm-content");
  check(await shared.evaluate(() => window.__apilint.view.state.doc.toString()) === editorText, "the permalink shows the same spec");
  const strip = (fs) => JSON.stringify(fs.map((f) => [f.code, f.level, f.range, f.message]));
  check(strip(await shared.evaluate(() => window.__apilint.review.findings)) === strip(editorFindings), "and the same findings");
  check(await shared.locator("button.problem").count() === editorFindings.length, "listed in its panel");
  check(await shared.evaluate(() => window.__apilint.view.state.readOnly), "read-only");
  await shared.click("#edit-copy");
  await shared.waitForURL(`${base}/`);
  await shared.waitForSelector(".cm-content");
  check(await shared.evaluate(() => window.__apilint.view.state.doc.toString()) === editorText, "Edit a copy opens the text in the editor");
  await shared.close();

  // 6. The rule's page shows its docs.
  const rule = await context.newPage();
  const resp = await rule.goto(`${base}/rules/${SNAKE}`);
  check(resp.status() === 200, "the rule page answers");
  check(await rule.locator("h2", { hasText: "What it does" }).count() === 1, "the rule page shows the rule's documentation");
  check(await rule.locator('a[href="https://opensource.zalando.com/restful-api-guidelines/#118"]').count() > 0, "with the guideline link");
  await rule.close();

  // 7. A YAML syntax error shows at its line.
  await paste(page, "openapi: 3.0.3\ninfo:\n  title: T\n  version: [1\npaths: {}\n");
  await settled(page);
  const syntax = await page.evaluate(() => window.__apilint.review.findings);
  check(syntax.length === 1 && syntax[0].code === "parser", `a broken document gives one syntax error (${syntax[0]?.message})`);
  const syntaxLine = syntax[0].range.start.line + 1;
  const sm = await markers(page);
  check(sm.some((x) => x.line === syntaxLine && x.level === "error"), `marked at line ${syntaxLine}`);
  check(await page.locator(`button.problem[data-code="parser"][data-line="${syntaxLine}"]`).count() === 1, "and listed in the panel");

  // 8. Keystroke to markers on big specs: the time after the debounce.
  for (const file of (process.env.E2E_CORPUS || "").split(",").filter(Boolean)) {
    const text = readFileSync(file, "utf8");
    await page.evaluate((t) => {
      const view = window.__apilint.view;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t } });
    }, text);
    await settled(page, 30000);
    // Type into the first line's end: a space, which keeps the document
    // valid, then wait for the lint of that text.
    const times = [];
    const fetches = [];
    const applies = [];
    for (let i = 0; i < 9; i++) {
      await page.evaluate(() => {
        const view = window.__apilint.view;
        const end = view.state.doc.line(1).to;
        view.dispatch({ selection: { anchor: end } });
        view.focus();
      });
      const before = await page.evaluate(() => performance.now());
      await page.keyboard.press(i % 2 ? "Backspace" : "Space");
      await settled(page, 30000);
      const after = await page.evaluate(() => window.__apilint.lastAppliedAt);
      times.push(after - before - 300);
      const parts = await page.evaluate(() => [window.__apilint.lastFetchMs, window.__apilint.lastApplyMs]);
      fetches.push(parts[0]);
      applies.push(parts[1]);
    }
    // After the debounce: the request (server lint, transfer, JSON parse)
    // and applying the result (markers and panel).
    console.log(`measure ${basename(file)} bytes=${text.length} findings=${await page.locator("button.problem").count()} `
      + `after_debounce_ms_median=${median(times).toFixed(1)} request_ms_median=${median(fetches).toFixed(1)} `
      + `apply_ms_median=${median(applies).toFixed(1)} all=${times.map((t) => t.toFixed(0)).join(",")}`);
  }

  check(errors.length === 0, `no script errors on the pages ${errors.join("; ")}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
