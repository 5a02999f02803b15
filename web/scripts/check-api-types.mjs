#!/usr/bin/env node
// Fails when a file in web/src/api/generated/ is not what openapi-typescript makes of its OpenAPI document in
// docs/openapi/ today, i.e. when an API changed and `npm run gen:api` was not run. Runs the same CLI as gen:api,
// into a temp folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The services whose documents gen:api turns into src/api/generated/<name>.ts. */
const SERVICES = ['user_svc', 'question_svc'];

const web = fileURLToPath(new URL('..', import.meta.url));

const require = createRequire(import.meta.url);
/** @type {{bin: Record<string, string>}} */
const pkg = require('openapi-typescript/package.json');
const cli = join(dirname(require.resolve('openapi-typescript/package.json')), pkg.bin['openapi-typescript'] ?? '');

const temp = mkdtempSync(join(tmpdir(), 'peerprep-api-types-'));
let stale = false;
try {
  for (const name of SERVICES) {
    const input = join(web, '..', 'docs', 'openapi', `${name}.json`);
    const committed = join(web, 'src', 'api', 'generated', `${name}.ts`);
    const fresh = join(temp, `${name}.ts`);
    execFileSync(process.execPath, [cli, input, '-o', fresh], { cwd: web, stdio: ['ignore', 'ignore', 'inherit'] });
    let current = null;
    try {
      current = readFileSync(committed, 'utf8');
    } catch {
      // Missing: reported as stale below.
    }
    if (current !== readFileSync(fresh, 'utf8')) {
      console.error(`web/src/api/generated/${name}.ts is stale: run \`npm run gen:api\``);
      stale = true;
    } else {
      console.log(`web/src/api/generated/${name}.ts matches docs/openapi/${name}.json`);
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
if (stale) process.exit(1);
