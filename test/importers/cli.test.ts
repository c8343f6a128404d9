// `enlace import` without a database: trying a profile on a file, and bad input refused with
// exit 2 and a message in both languages before anything is opened.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../bin/enlace', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../../data/profiles/samples/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'enlace-import-cli-'));
// No database may be touched by these runs: a server address that answers nothing.
const env = { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };

const run = (args: string[]) => spawnSync(process.execPath, [CLI, 'import', ...args], { encoding: 'utf8', env });

test('--test tries a profile on a file and reports what would be imported and quarantined', () => {
  const result = run([join(SAMPLES, 'fiscalia-casos-SINTETICO.csv'), '--source', 'MP', '--test']);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { counts: { rows: number; mapped: number }; encoding: string; delimiter: string };
  assert.deepEqual([report.counts.rows, report.counts.mapped, report.encoding, report.delimiter], [10, 10, 'windows-1252', ';']);
});

test('bad input exits 2 with a message in Spanish and English', () => {
  const binary = join(dir, 'binario.csv');
  writeFileSync(binary, Buffer.from([0x41, 0x00, 0x42, 0x0a]));
  const profile = join(dir, 'perfil.json');
  writeFileSync(profile, JSON.stringify({ id: 'X', fields: {} }));
  const cases: [string[], RegExp][] = [
    [[], /indique un archivo \/ give one file/],
    [[join(dir, 'no-existe.csv'), '--source', 'PNP'], /no se puede leer .* \/ cannot read/],
    [[binary, '--source', 'PNP', '--profile', 'no-existe'], /perfil desconocido .* \/ unknown profile/],
    [[binary, '--source', 'PNP', '--profile-file', profile], /perfil no válido \/ invalid profile/],
    [[binary, '--source', 'PNP', '--test'], /binario[\s\S]*binary/],
    [[binary, '--bogus'], /Unknown option/],
  ];
  for (const [args, message] of cases) {
    const result = run(args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message, args.join(' '));
  }
});
