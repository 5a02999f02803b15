#!/usr/bin/env node
// The bytes a browser receives for the JavaScript the landing page loads, against a budget; run after
// `npm run build`. The gateway serves the build's precompressed twins (NAME.br, NAME.gz, written by
// scripts/precompress.mjs) by Accept-Encoding, and the file itself when a file has no twin: those are the sizes
// counted here, so a build without twins shows (and fails on) the uncompressed bytes it would send.
// The landing page's files: the scripts and modulepreloads in dist/index.html, plus every chunk the entry
// imports statically (the Vite manifest's `imports`, followed recursively). Lazy pages are not counted.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// 250 kB for the landing page's JS as gzip sends it (every browser accepts gzip; brotli, smaller, is reported too)
const BUDGET_BYTES = 250 * 1000;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const manifestPath = join(dist, '.vite', 'manifest.json');

if (!existsSync(join(dist, 'index.html')) || !existsSync(manifestPath)) {
  console.error('dist/index.html or dist/.vite/manifest.json is missing: run `npm run build` first.');
  process.exit(2);
}

/** @type {Record<string, {file: string, isEntry?: boolean, imports?: string[]}>} */
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const html = readFileSync(join(dist, 'index.html'), 'utf8');

/** @type {Set<string>} */
const landing = new Set();
for (const match of html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="\/?([^"]+\.js)"/g)) {
  if (match[1]) landing.add(match[1]);
}
/** @param {string} key */
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || landing.has(chunk.file)) return;
  landing.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
for (const [key, chunk] of Object.entries(manifest)) {
  if (chunk.isEntry) {
    landing.delete(chunk.file); // re-added by visit, with its imports
    visit(key);
  }
}

/** @param {string} dir @returns {string[]} */
const jsFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '.vite' ? [] : jsFiles(path);
    return entry.name.endsWith('.js') ? [relative(dist, path)] : [];
  });

const rows = jsFiles(dist)
  .map((file) => {
    const path = join(dist, file);
    const raw = statSync(path).size;
    /** @param {string} suffix */
    const served = (suffix) => (existsSync(path + suffix) ? statSync(path + suffix).size : raw);
    return { file, raw, gzip: served('.gz'), br: served('.br'), landing: landing.has(file) };
  })
  .sort((a, b) => Number(b.landing) - Number(a.landing) || b.gzip - a.gzip);

for (const file of landing) {
  if (!rows.some((row) => row.file === file)) {
    console.error(`dist/index.html loads ${file}, which is not in dist/.`);
    process.exit(2);
  }
}

/** @param {number} n */
const kb = (n) => `${(n / 1000).toFixed(2)} kB`;
const width = Math.max(4, ...rows.map((row) => row.file.length));
const line = (/** @type {string[]} */ cells) =>
  `${cells[0]?.padEnd(width)}  ${cells[1]?.padStart(11)}  ${cells[2]?.padStart(11)}  ${cells[3]?.padStart(11)}  ${cells[4]}`;

console.log('Bytes sent by the gateway: raw without Accept-Encoding, else the precompressed file it serves.');
console.log(line(['file', 'raw', 'sent gzip', 'sent br', 'landing page']));
console.log('-'.repeat(width + 55));
for (const row of rows) {
  console.log(line([row.file, kb(row.raw), kb(row.gzip), kb(row.br), row.landing ? 'yes' : 'lazy']));
}
console.log('-'.repeat(width + 55));

const sum = (/** @type {typeof rows} */ list, /** @type {'raw' | 'gzip' | 'br'} */ key) =>
  list.reduce((total, row) => total + row[key], 0);
const landingRows = rows.filter((row) => row.landing);
const landingGzip = sum(landingRows, 'gzip');
const totals = (/** @type {typeof rows} */ list) => [kb(sum(list, 'raw')), kb(sum(list, 'gzip')), kb(sum(list, 'br'))];
console.log(line(['landing page JS', ...totals(landingRows), `budget ${kb(BUDGET_BYTES)} (gzip)`]));
console.log(line(['all JS', ...totals(rows), '']));

const uncompressed = landingRows.filter((row) => row.raw >= 1000 && (row.gzip === row.raw || row.br === row.raw));
for (const row of uncompressed) console.error(`dist/${row.file} has no .gz or .br twin: the gateway sends it raw.`);

if (landingGzip > BUDGET_BYTES) {
  console.error(`\nThe landing page sends ${kb(landingGzip)} of JS with gzip, over the ${kb(BUDGET_BYTES)} budget.`);
  process.exit(1);
}
if (uncompressed.length > 0) process.exit(1);
console.log(`\nLanding page JS is within budget (${((landingGzip / BUDGET_BYTES) * 100).toFixed(0)}% used).`);
