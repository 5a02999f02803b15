#!/usr/bin/env node
// Gzipped size of the JavaScript the landing page loads, against a budget; run after `npm run build`.
// The landing page's files: the scripts and modulepreloads in dist/index.html, plus every chunk the entry
// imports statically (the Vite manifest's `imports`, followed recursively). Lazy pages are not counted.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 250 * 1000; // 250 kB of gzipped JS for the landing page
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
    const bytes = readFileSync(join(dist, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, landing: landing.has(file) };
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
  `${cells[0]?.padEnd(width)}  ${cells[1]?.padStart(11)}  ${cells[2]?.padStart(11)}  ${cells[3]}`;

console.log(line(['file', 'raw', 'gzip', 'landing page']));
console.log('-'.repeat(width + 42));
for (const row of rows) console.log(line([row.file, kb(row.raw), kb(row.gzip), row.landing ? 'yes' : 'lazy']));
console.log('-'.repeat(width + 42));

const sum = (/** @type {typeof rows} */ list, /** @type {'raw' | 'gzip'} */ key) =>
  list.reduce((total, row) => total + row[key], 0);
const landingRows = rows.filter((row) => row.landing);
const landingGzip = sum(landingRows, 'gzip');
console.log(line(['landing page JS', kb(sum(landingRows, 'raw')), kb(landingGzip), `budget ${kb(BUDGET_BYTES)}`]));
console.log(line(['all JS', kb(sum(rows, 'raw')), kb(sum(rows, 'gzip')), '']));

if (landingGzip > BUDGET_BYTES) {
  console.error(`\nThe landing page loads ${kb(landingGzip)} of gzipped JS, over the ${kb(BUDGET_BYTES)} budget.`);
  process.exit(1);
}
console.log(`\nLanding page JS is within budget (${((landingGzip / BUDGET_BYTES) * 100).toFixed(0)}% used).`);
