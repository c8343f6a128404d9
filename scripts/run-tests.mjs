#!/usr/bin/env node
// Runs every test file under test/ (and e2e/ when Chromium is installed) with node's test runner.
// Files named *.db.test.ts talk to the database: they run on the embedded PGlite, and once more
// on a PostgreSQL server when TEST_DATABASE_URL is set. Node 20 does not expand globs, hence this.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);

function find(dir) {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(dir, f))
    .sort();
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Policies keep their tests beside them (src/server/policies/*.test.ts), as Outline does.
let files = [...find('test'), ...find('src/server/policies'), ...(existsSync(chromium) ? find('e2e') : [])];
if (!existsSync(chromium) && find('e2e').length > 0) console.log(`# browser tests skipped: no Chromium at ${chromium}`);
if (only.length > 0) files = files.filter((f) => only.some((o) => f.includes(o)));

const runs = [{ engine: 'pglite', files }];
if (process.env.TEST_DATABASE_URL) runs.push({ engine: 'postgres', files: files.filter((f) => f.endsWith('.db.test.ts') || f.startsWith('e2e')) });

let passed = 0;
let failed = 0;
let skipped = 0;
for (const run of runs) {
  if (run.files.length === 0) continue;
  console.log(`\n# engine: ${run.engine} (${run.files.length} files)`);
  const tap = join(mkdtempSync(join(tmpdir(), 'enlace-test-')), 'report.tap');
  const result = spawnSync(
    process.execPath,
    [
      '--import', 'tsx', '--test',
      `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      ...run.files,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ENLACE_TEST_ENGINE: run.engine } },
  );
  const report = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(report)?.[1] ?? 0);
  passed += count('pass');
  failed += count('fail') + count('cancelled');
  skipped += count('skipped');
  if (result.status !== 0 && count('fail') + count('cancelled') === 0) failed += 1;
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
