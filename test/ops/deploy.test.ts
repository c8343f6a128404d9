// The deployment files in deploy/: the systemd units pass `systemd-analyze verify` (where systemd
// is installed; the paths are pointed at this checkout), and what the units and the container
// file call exists: the commands of bin/enlace, the npm scripts, the health route, the variables.
// Not tested here: building the container image (no container engine on the test machines).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const hasSystemd = spawnSync('systemd-analyze', ['--version']).status === 0;

test('the systemd units verify', { skip: !hasSystemd && 'systemd-analyze not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'enlace-units-'));
  try {
    for (const unit of ['enlace.service', 'enlace-backup.service', 'enlace-backup.timer']) {
      // This checkout stands in for /opt/enlace; the operator's env file is optional here.
      const text = read(`deploy/${unit}`).replaceAll('/opt/enlace', root.replace(/\/$/, '')).replace('EnvironmentFile=/etc', 'EnvironmentFile=-/etc');
      writeFileSync(join(dir, unit), text);
    }
    const result = spawnSync('systemd-analyze', ['verify', ...['enlace.service', 'enlace-backup.service', 'enlace-backup.timer'].map((u) => join(dir, u))], { encoding: 'utf8' });
    // Users and folders of a real installation do not exist here; everything else must be clean.
    const problems = result.stderr.split('\n').filter((l) => l.trim() && !/User|Group|enlace'? not found|Failed to resolve|No such file or directory|\/var\/|\/etc\/enlace|Unit .* not found/.test(l));
    assert.deepEqual(problems, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('what the units and the container file run exists', async () => {
  const { main } = await import('../../src/cli/main.ts');
  void main;
  const cli = read('src/cli/main.ts');
  for (const command of ['serve', 'backup']) assert.match(cli, new RegExp(`\\b${command}: \\(\\) => import`), command);
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  assert.ok(scripts['build:web']);
  const container = read('deploy/Containerfile');
  assert.match(container, /npm run build:web/);
  assert.match(container, /CMD \["node", "bin\/enlace", "serve"\]/);
  assert.match(container, /\/api\/health\/ready/);
  const ops = read('src/server/routes/ops.ts');
  assert.match(ops, /'\/api\/health\/ready'/);
  const unit = read('deploy/enlace.service');
  const readme = read('README.md') + read('docs/OPERATIONS.md');
  for (const variable of unit.match(/\bENLACE_[A-Z_]+/g) ?? []) assert.ok(readme.includes(variable), `${variable} is documented`);
  for (const variable of read('deploy/enlace-backup.service').match(/\bENLACE_[A-Z_]+/g) ?? []) assert.ok(readme.includes(variable), `${variable} is documented`);
});
