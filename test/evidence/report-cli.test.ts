// `enlace report` as an operator runs it, on an embedded database of synthetic case files: the
// regional PDF for a period, written where asked; bad input refused with a usage line or a message
// in Spanish and English, and no file written.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureDemoDirectory, loadSyntheticCases } from '../../src/server/commands/seed.ts';
import { openEnlaceDatabase } from '../../src/server/db/open.ts';
import { linkAllPersons } from '../../src/server/linkage/batch.ts';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'enlace-report-cli-'));
const env = { ...process.env, ENLACE_DATA_DIR: join(dir, 'db'), DATABASE_URL: '' };
let years: string[] = [];

function enlace(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/enlace', ...args], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

before(async () => {
  const db = await openEnlaceDatabase({ engine: 'pglite', dataDir: env.ENLACE_DATA_DIR }, env, () => undefined);
  try {
    const directory = await db.transaction((tx) => ensureDemoDirectory(tx));
    await loadSyntheticCases(db, directory, { persons: 400, seed: 5 });
    await linkAllPersons(db);
    const rows = await db.query<{ y: string }>("SELECT DISTINCT to_char(detection_date, 'YYYY') AS y FROM case_files ORDER BY 1");
    years = rows.map((r) => r.y);
  } finally {
    await db.close();
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('enlace report writes the regional PDF of a period', async () => {
  const from = years[years.length - 3] as string;
  const to = years[years.length - 1] as string;
  const out = join(dir, 'lima.pdf');
  const res = await enlace(['report', '--region', '15', '--from', `${from}-01-01`, '--to', to, '--lang', 'en', '--out', out]);
  assert.equal(res.status, 0, res.stderr);
  const pdf = readFileSync(out);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const text = pdf.toString('latin1');
  assert.match(text, new RegExp(`Lima · ${from}.${to}`), 'the title names the region and the period');
  // Beside the unique count, the agencies' separate counts and the overlap (protected; see test/api/evidence.db.test.ts).
  assert.match(text, /\(Unique persons and each agency's separate count\) Tj/);
  assert.match(text, /\(Persons by how many agencies registered them\) Tj/);
  assert.match(text, /\(Sum of the agencies' separate counts\) Tj/);
  assert.match(res.stdout, /lima\.pdf/);
});

test('enlace report --table writes a public table as CSV or XLSX, protected as the public route serves it', async () => {
  const year = years[years.length - 1] as string;
  const csvPath = join(dir, 'sex.csv');
  const csv = await enlace(['report', '--table', 'sex', '--year', year, '--lang', 'en', '--out', csvPath]);
  assert.equal(csv.status, 0, csv.stderr);
  assert.match(csv.stdout, /sex\.csv/);
  const lines = readFileSync(csvPath, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'Registered sex,Child / adult,Victims identified', 'every dimension of the view');
  const rows = lines.filter((l) => !l.startsWith('#')).slice(1);
  assert.ok(rows.length >= 6);
  for (const row of rows) {
    const value = row.split(',').pop() as string;
    assert.ok(value === 'x' || Number(value) === 0 || Number(value) >= 10, row);
    if (value !== 'x' && Number(value) < 100) assert.equal(Number(value) % 5, 0, `${row}: rounded`);
  }
  assert.ok(lines.some((l) => l.startsWith('# ') && /not published/.test(l)), 'the disclosure note');
  const xlsxPath = join(dir, 'flows.xlsx');
  const xlsx = await enlace(['report', '--table', 'flows', '--format', 'xlsx', '--out', xlsxPath]);
  assert.equal(xlsx.status, 0, xlsx.stderr);
  assert.equal(readFileSync(xlsxPath).subarray(0, 2).toString(), 'PK');
  const unknown = await enlace(['report', '--table', 'municipio', '--out', join(dir, 'never.csv')]);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /Cuadro desconocido: «municipio»/);
  assert.match(unknown.stderr, /Unknown table: "municipio"/);
  assert.equal((await enlace(['report', '--table', 'sex', '--format', 'pdf'])).status, 2);
  assert.equal(existsSync(join(dir, 'never.csv')), false);
});

test('bad input: a usage line (exit 2) or a message in Spanish and English (exit 1), and no file', async () => {
  const out = join(dir, 'never.pdf');
  const usage = await enlace(['report', '--region', 'Lima', '--out', out]);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /enlace report --region/);
  const unknownYear = await enlace(['report', '--region', '15', '--from', '1900', '--out', out]);
  assert.equal(unknownYear.status, 1);
  assert.match(unknownYear.stderr, /No hay estadísticas del año «1900»/);
  assert.match(unknownYear.stderr, /no statistics for the year "1900"/);
  const reversed = await enlace(['report', '--region', '15', '--from', years[years.length - 1] as string, '--to', years[0] as string, '--out', out]);
  assert.equal(reversed.status, 1);
  assert.match(reversed.stderr, /después de terminar/);
  assert.equal(existsSync(out), false);
});
