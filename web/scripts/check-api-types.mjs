#!/usr/bin/env node
// Fails when web/src/api/generated/user_svc.ts is not what openapi-typescript makes of docs/openapi/user_svc.json
// today, i.e. when the API changed and `npm run gen:api` was not run. Runs the same CLI as gen:api, into a temp file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('..', import.meta.url));
const input = join(web, '..', 'docs', 'openapi', 'user_svc.json');
const committed = join(web, 'src', 'api', 'generated', 'user_svc.ts');

const require = createRequire(import.meta.url);
/** @type {{bin: Record<string, string>}} */
const pkg = require('openapi-typescript/package.json');
const cli = join(dirname(require.resolve('openapi-typescript/package.json')), pkg.bin['openapi-typescript'] ?? '');

const temp = mkdtempSync(join(tmpdir(), 'peerprep-api-types-'));
try {
  const fresh = join(temp, 'user_svc.ts');
  execFileSync(process.execPath, [cli, input, '-o', fresh], { cwd: web, stdio: ['ignore', 'ignore', 'inherit'] });
  let current = null;
  try {
    current = readFileSync(committed, 'utf8');
  } catch {
    // Missing: reported as stale below.
  }
  if (current !== readFileSync(fresh, 'utf8')) {
    console.error('web/src/api/generated/user_svc.ts is stale: run `npm run gen:api`');
    process.exit(1);
  }
  console.log('web/src/api/generated/user_svc.ts matches docs/openapi/user_svc.json');
} finally {
  rmSync(temp, { recursive: true, force: true });
}
