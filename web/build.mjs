// Builds the editor bundle into web/dist/ (committed; the apilint binary
// embeds it, so `cargo build` needs no Node), each file also gzipped (what
// the server sends to browsers). `--check` builds in memory and
// fails when the committed files differ: CI runs it so the bundle cannot
// fall behind its source. The output depends only on the source and the
// locked package versions (no timestamps, no absolute paths, no source
// maps), so the same inputs give the same bytes on every machine.
import { build } from "esbuild";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, gunzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const check = process.argv.includes("--check");
const common = { bundle: true, minify: true, write: false, legalComments: "none", logLevel: "warning", absWorkingDir: here };
const outputs = {
  "editor.js": (await build({ ...common, entryPoints: ["src/main.js"], format: "iife", target: "es2020", outfile: "dist/editor.js" })).outputFiles[0].contents,
  "editor.css": (await build({ ...common, entryPoints: ["src/editor.css"], outfile: "dist/editor.css" })).outputFiles[0].contents,
};
let stale = [];
for (const [name, bytes] of Object.entries(outputs)) {
  const path = join(here, "dist", name);
  const gz = gzipSync(bytes, { level: 9 }).length;
  console.log(`dist/${name}: ${bytes.length} bytes, ${gz} gzipped`);
  if (check) {
    // The gzip file is compared by its content: another zlib may compress
    // the same bytes differently, and that is not staleness.
    let same = false;
    try {
      same = Buffer.compare(readFileSync(path), Buffer.from(bytes)) === 0
        && Buffer.compare(gunzipSync(readFileSync(`${path}.gz`)), Buffer.from(bytes)) === 0;
    } catch { /* a missing file counts as stale */ }
    if (!same) stale.push(name);
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  }
}
if (stale.length) {
  console.error(`web/dist is out of date (${stale.join(", ")}): run \`npm ci && npm run build\` in web/ and commit web/dist`);
  process.exit(1);
}
