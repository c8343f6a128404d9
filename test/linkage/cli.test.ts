import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../bin/enlace', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'enlace-link-test-'));

function link(args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'link', ...args], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const HEADER = 'source,record_id,given_names,paternal_surname,maternal_surname,full_name,sex,birth_date,age,document_type,document_number,department\n';

test('links two files: every record gets a person, singletons included, pairs explained', () => {
  const police = write(
    'police.csv',
    HEADER +
      'PNP,1,María del Carmen,Quispe,Huamán,,MUJER,2004-03-12,,DNI,41234567,08\n' +
      'PNP,2,Rosa,Mamani,Torres,,MUJER,1980-11-02,,,,21\n' +
      'PNP,3,Juan,Pérez,Soto,,HOMBRE,1975-01-30,,DNI,09876543,15\n',
  );
  const shelter = write(
    'shelter.csv',
    'record_id,source,full_name,birth_date,document_number,extra_column\n' +
      '"A-1",ONG,"Carmen QUISPE HUAMAN",2004-03,41234567,ignored\n' +
      'A-2,ONG,Pedro Flores Ríos,1990,,x\n',
  );
  const out = join(dir, 'clusters.csv');
  const pairs = join(dir, 'pairs.csv');
  const run = link([police, shelter, '--out', out, '--pairs', pairs]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /enlace link:/);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'source,record_id,person_id');
  assert.equal(lines.length, 6);
  const person = new Map(lines.slice(1).map((l) => [l.split(',').slice(0, 2).join('/'), l.split(',')[2]]));
  assert.equal(person.get('PNP/1'), person.get('ONG/A-1'));
  assert.notEqual(person.get('PNP/1'), person.get('PNP/2'));
  assert.notEqual(person.get('PNP/2'), person.get('PNP/3'));
  const pairLines = readFileSync(pairs, 'utf8').trim().split('\n');
  assert.match(pairLines[0] as string, /^source_l,record_id_l,source_r,record_id_r,person_id_l,person_id_r,match_weight,match_probability,given_names_level,given_names_weight,surnames_level/);
  assert.ok(pairLines.some((l) => l.includes('PNP,1,ONG,A-1') || l.includes('ONG,A-1,PNP,1')));
});

test('one file: deduplication', () => {
  const file = write('dedup.csv', HEADER + 'MP,1,Lucho,Rojas,Díaz,,HOMBRE,1999-05-05,,DNI,44556677,15\nMP,2,Luis,Rojas,Diaz,,HOMBRE,1999-05-05,,DNI,44556677,15\nMP,3,Ana,Vega,,,MUJER,2001,,,,04\n');
  const out = join(dir, 'dedup.out.csv');
  const run = link([file, '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  assert.equal(rows.length, 3);
  assert.equal(rows[0]?.[2], rows[1]?.[2]);
  assert.notEqual(rows[0]?.[2], rows[2]?.[2]);
});

function assertBadInput(name: string, content: string | Buffer, pattern: RegExp): void {
  const file = write(name, content);
  const out = join(dir, `${name}.out.csv`);
  const run = link([file, '--out', out]);
  assert.equal(run.status, 2, run.stderr);
  assert.ok(run.stderr.includes(file), `names the file: ${run.stderr}`);
  assert.match(run.stderr, /línea \d+, columna [^:]+:.*\/.*line \d+, column/);
  assert.match(run.stderr, pattern);
  assert.equal(existsSync(out), false, 'no output file');
  assert.ok(!readdirSync(dir).some((f) => f.includes(`${name}.out.csv`)), 'no temporary file left');
}

test('bad input: missing required column', () => {
  assertBadInput('no-id.csv', 'source,given_names\nPNP,Rosa\n', /record_id/);
});

test('bad input: empty file', () => {
  assertBadInput('empty.csv', '', /vacío.*empty/);
});

test('bad input: duplicated record id within a source', () => {
  assertBadInput('dup.csv', 'source,record_id\nPNP,1\nPNP,2\nPNP,1\n', /línea 4, columna record_id/);
});

test('bad input: invalid UTF-8', () => {
  assertBadInput('latin1.csv', Buffer.concat([Buffer.from('source,record_id,given_names\nPNP,1,Rosa\nPNP,2,'), Buffer.from([0x4e, 0xfa, 0xf1, 0x65, 0x7a]), Buffer.from('\n')]), /línea 3, columna 3:.*UTF-8/);
});

test('bad input: a huge field', () => {
  // 2 MB is enough to cross the per-record limit; a 100 MB field stops at the same check.
  assertBadInput('huge.csv', `source,record_id,given_names\nPNP,1,Rosa\nPNP,2,${'A'.repeat(2_000_000)}\n`, /línea 3, columna given_names:.*demasiado grande.*too large/);
});

test('bad input: a required value left empty, and an existing output is not touched', () => {
  const out = write('kept.csv', 'previous content\n');
  const file = write('blank-id.csv', 'source,record_id\nPNP,\n');
  const run = link([file, '--out', out]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /línea 2, columna record_id/);
  assert.equal(readFileSync(out, 'utf8'), 'previous content\n');
});

test('usage errors exit 2', () => {
  assert.equal(link([]).status, 2);
  assert.equal(link([join(dir, 'x.csv')]).status, 2);
  const missing = link([join(dir, 'does-not-exist.csv'), '--out', join(dir, 'o.csv')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /does-not-exist\.csv/);
});
