// A Vite build plugin: writes NAME.br and NAME.gz next to every compressible file of the build, once, at the
// strongest settings, so the gateway serves them by Accept-Encoding without compressing per request.
// Node's own zlib: no dependency. A twin is written only when it is smaller than the file.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.xml', '.webmanifest', '.map']);
const MIN_BYTES = 256; // below this the headers outweigh what compression saves

/** @param {string} dir @returns {string[]} */
const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '.vite' ? [] : files(path);
    return COMPRESSIBLE.has(extname(entry.name)) ? [path] : [];
  });

/** @param {Buffer} bytes */
export const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });

/** @param {Buffer} bytes */
export const gzip = (bytes) => gzipSync(bytes, { level: 9 });

/** Writes the twins of every compressible file under `dir`; returns how many files got them. */
export function precompressDir(/** @type {string} */ dir) {
  let count = 0;
  for (const path of files(dir)) {
    if (statSync(path).size < MIN_BYTES) continue;
    const bytes = readFileSync(path);
    for (const [suffix, compress] of /** @type {const} */ ([
      ['.br', brotli],
      ['.gz', gzip],
    ])) {
      const packed = compress(bytes);
      if (packed.length < bytes.length) writeFileSync(path + suffix, packed);
    }
    count += 1;
  }
  return count;
}

/** @returns {import('vite').Plugin} */
export function precompress() {
  let outDir = 'dist';
  return {
    name: 'peerprep-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      const count = precompressDir(outDir);
      this.info(`brotli and gzip twins written for ${count} files`);
    },
  };
}
