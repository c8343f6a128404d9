import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { command, csvLine } from '../../src/cli/commands/demo-data.ts';
import { CANONICAL_COLUMNS } from '../../src/domain/person-record.ts';
import { generateSyntheticRegistry } from '../../src/synthetic/index.ts';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/enlace');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, 'demo-data', ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the command in this process (no start-up cost), capturing its stderr. Stdout belongs to the
 * test reporter, so it is only captured by `runParseOnly`, around a synchronous stretch.
 */
async function runHere(args: string[]): Promise<{ status: number; stderr: string }> {
  let stderr = '';
  const original = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const status = await command.run(args);
    return { status, stderr };
  } finally {
    process.stderr.write = original;
  }
}

/** For arguments refused (or help) before any await: the command writes synchronously, then returns. */
async function runParseOnly(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const captured = { stdout: '', stderr: '' };
  const original = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => ((captured.stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((captured.stderr += String(chunk)), true)) as typeof process.stderr.write;
  let pending: Promise<number>;
  try {
    pending = command.run(args);
  } finally {
    process.stdout.write = original.stdout;
    process.stderr.write = original.stderr;
  }
  return { status: await pending, ...captured };
}

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, strict: true } as never) as Record<string, string>[];
}

describe('enlace demo-data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'enlace-demo-data-'));

  it('streams the canonical CSV and the truth for a small N, the same for the same seed', async () => {
    const out = join(dir, 'nested', 'records.csv');
    const truthPath = join(dir, 'truth.csv');
    const first = run(['--persons', '300', '--seed', '11', '--out', out, '--truth', truthPath]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /DATOS SINTÉTICOS \/ SYNTHETIC DATA/);
    assert.match(first.stderr, /300 personas, \d+ registros .* en [\d.]+ s/);
    const text = readFileSync(out, 'utf8');
    assert.equal(text.split('\n')[0], CANONICAL_COLUMNS.join(','));
    const rows = readCsv(out);
    const expected = [...generateSyntheticRegistry({ seed: 11, persons: 300 })];
    assert.equal(rows.length, expected.length);
    assert.deepEqual(rows, expected.map((r) => ({ ...r.record })));
    // Some addresses hold a comma ("Mz. B Lt. 4, AA.HH. …"): they are quoted and read back intact.
    assert.ok(rows.some((r) => r.address?.includes(',')));
    assert.ok(rows.every((r) => r.record_id?.startsWith('SYN-')));

    const truth = readCsv(truthPath);
    assert.deepEqual(Object.keys(truth[0] ?? {}), ['source', 'record_id', 'person_id', 'errors']);
    assert.deepEqual(truth.map((t) => t.record_id), rows.map((r) => r.record_id));
    assert.equal(new Set(truth.map((t) => t.person_id)).size, 300);
    assert.ok(readFileSync(join(dir, 'nested', 'records.README.txt'), 'utf8').includes('SINTÉTICOS'));

    const second = await runHere(['--persons', '300', '--seed', '11', '--out', join(dir, 'again.csv'), '--quiet']);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(readFileSync(join(dir, 'again.csv'), 'utf8'), text);
    assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')));
  });

  it('writes the same bytes with worker threads as in process', async () => {
    const out = join(dir, 'threads.csv');
    const truthPath = join(dir, 'threads-truth.csv');
    const result = await runHere(['--persons', '3000', '--seed', '5', '--out', out, '--truth', truthPath, '--threads', '2', '--quiet']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /2 hilo\(s\) de trabajo/);
    const expected = [...generateSyntheticRegistry({ seed: 5, persons: 3000 })];
    const lines = readFileSync(out, 'utf8').split('\n');
    assert.equal(lines.length, expected.length + 2);
    expected.forEach((r, i) => assert.equal(lines[i + 1], csvLine(CANONICAL_COLUMNS.map((c) => r.record[c])).slice(0, -1)));
    const truth = readFileSync(truthPath, 'utf8').split('\n');
    expected.forEach((r, i) => assert.equal(truth[i + 1], csvLine([r.record.source, r.record.record_id, r.truePersonId, r.errors.join(';')]).slice(0, -1)));
  });

  it('writes one file per agency with --split', async () => {
    const split = join(dir, 'split');
    const result = await runHere(['--persons', '200', '--split', split, '--agencies', 'PNP,MIMP', '--quiet']);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(readdirSync(split).sort(), ['MIMP.csv', 'PNP.csv', 'README.txt', 'truth.csv']);
    const pnp = readCsv(join(split, 'PNP.csv'));
    const mimp = readCsv(join(split, 'MIMP.csv'));
    assert.ok(pnp.length > 0 && pnp.every((r) => r.source === 'PNP'));
    assert.ok(mimp.every((r) => r.source === 'MIMP'));
    assert.equal(readCsv(join(split, 'truth.csv')).length, pnp.length + mimp.length);
  });

  it('refuses bad arguments with a clear message and writes nothing', async () => {
    const bad = [[], ['--persons', '0', '--out', 'x.csv'], ['--persons', 'ten', '--out', 'x.csv'], ['--persons', '5'], ['--persons', '5', '--out', 'x.csv', '--agencies', 'FBI'], ['--bogus'], ['--persons', '5', '--out', 'x.csv', '--seed', '-3'], ['--persons', '5', '--out', 'x.csv', '--threads', 'many']];
    const results = [];
    for (const args of bad) results.push(await runParseOnly(args));
    assert.deepEqual(results.map((r) => r.status), bad.map(() => 2));
    assert.ok(results.every((r) => r.stderr.length > 0));
    assert.match(results[0]?.stderr ?? '', /--persons is required/);
    assert.match(results[4]?.stderr ?? '', /unknown agency FBI/);
    assert.ok(!existsSync('x.csv'));
    const help = await runParseOnly(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--persons N/);
  });

  it('writes CSV lines exactly as csv-stringify does, quoting when needed', () => {
    const samples = [
      ['a', 'b', ''],
      ['Quispe, Mamani', 'x'],
      ['say "hola"', ''],
      ['line\nbreak', 'ñandú'],
      ['', '', ''],
      ['  spaced  ', '#hash'],
    ];
    for (const fields of samples) assert.equal(csvLine(fields), stringify([fields]), JSON.stringify(fields));
  });
});
