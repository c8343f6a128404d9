// Hostile and fuzzed files: each gives a clear ImportFileError or rows that are all accounted for
// (mapped + quarantined = rows read); never another exception, never a lost row.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ImportFileError } from '../../src/importers/errors.ts';
import { parseFile, type ParseResult } from '../../src/importers/map.ts';
import { MappingProfile } from '../../src/importers/profile.ts';
import { readTable } from '../../src/importers/read.ts';
import { SHIPPED_PROFILES, shippedProfile } from '../../src/importers/shipped-profiles.ts';
import { testProfile } from '../../src/importers/test-profile.ts';
import { buildXlsx } from './xlsx-fixture.ts';
import { seededRandom } from '../../src/domain/seeded-random.ts';

const TODAY = '2026-11-27';


const ALPHABET = ['a', 'Z', 'ñ', 'É', ' ', ',', ';', '\t', '"', '\n', '\r\n', '=', '+', '-', '@', '0', '9', '/', '€', '😀', '\u0301', '<', '>', '\u0007', "'", 'ü'];

function randomText(random: () => number, max: number): string {
  const n = Math.floor(random() * max);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return s;
}

function quoteCsv(v: string, delimiter: string): string {
  return v.includes('"') || v.includes(delimiter) || v.includes('\n') || v.includes('\r') || v.trim() !== v ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Runs a parse; returns the result, or undefined when it failed in the expected way. */
function parseSafely(bytes: Uint8Array, profile: MappingProfile, file = 'fuzz'): ParseResult | undefined {
  try {
    const result = parseFile(bytes, profile, { file, today: TODAY });
    assert.equal(result.outcomes.length, result.counts.rows);
    assert.equal(result.counts.mapped + result.counts.quarantined, result.counts.rows);
    for (const outcome of result.outcomes) {
      if (outcome.status === 'quarantined') assert.ok(outcome.row.problems.length > 0, 'a quarantined row has reasons');
    }
    return result;
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    assert.ok(error.es.length > 0 && error.en.length > 0);
    assert.ok(error.es.startsWith(file) && error.en.startsWith(file), error.message);
    return undefined;
  }
}

const canonical = shippedProfile('canonico') as MappingProfile;
const CANONICAL_HEADER = 'source,record_id,given_names,paternal_surname,sex,birth_date,document_type,document_number,nationality,department';
const CANONICAL_ROW = 'ONG,R{i},Ana María,Peña,MUJER,2001-02-03,DNI,0123456{d},PER,17';

function canonicalFile(rows: number): string {
  const lines = [CANONICAL_HEADER];
  for (let i = 0; i < rows; i++) lines.push(CANONICAL_ROW.replace('{i}', String(i)).replace('{d}', String(i % 10)));
  return lines.join('\r\n') + '\r\n';
}

describe('fuzzed inputs', () => {
  test('random bytes, with every shipped profile', () => {
    const random = seededRandom(1);
    for (let k = 0; k < 150; k++) {
      const bytes = Buffer.alloc(Math.floor(random() * 3000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      for (const profile of SHIPPED_PROFILES.values()) parseSafely(bytes, profile);
    }
  });

  test('random text that is almost CSV', () => {
    const random = seededRandom(2);
    for (let k = 0; k < 300; k++) {
      const text = `${CANONICAL_HEADER}\n${randomText(random, 400)}`;
      const encoding = random() < 0.5 ? 'utf8' : 'latin1';
      parseSafely(Buffer.from(text, encoding), canonical);
    }
  });

  test('a valid file truncated at every 7th byte: an error or whole rows, never a crash', () => {
    const bytes = Buffer.from(canonicalFile(12).replace('Ana María', '"Ana, María"'), 'utf8');
    let errors = 0;
    for (let cut = 0; cut <= bytes.length; cut += 7) {
      const result = parseSafely(bytes.subarray(0, cut), canonical);
      if (!result) errors++;
    }
    assert.ok(errors > 0);
  });

  test('random byte flips, insertions and deletions in CSV, JSON and XLSX files', () => {
    const random = seededRandom(3);
    const csv = Buffer.from(canonicalFile(8), 'utf8');
    const json = Buffer.from(JSON.stringify([{ source: 'X', record_id: '1', given_names: 'Ana', sex: 'F' }, { source: 'X', record_id: '2', given_names: 'Luz', sex: 'M' }], null, 1));
    const xlsx = buildXlsx({ sheets: [{ name: 'S', rows: [['source', 'record_id', 'given_names', 'sex'], ['X', '1', 'Ana', 'F'], ['X', '2', 'Luz', 'M']] }] });
    for (const original of [csv, json, xlsx]) {
      for (let k = 0; k < 200; k++) {
        const bytes = Buffer.from(original);
        const edits = 1 + Math.floor(random() * 4);
        let mutated: Buffer = bytes;
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(random() * mutated.length);
          const kind = random();
          if (kind < 0.5) mutated[at] = Math.floor(random() * 256);
          else if (kind < 0.75) mutated = Buffer.concat([mutated.subarray(0, at), Buffer.from([Math.floor(random() * 256)]), mutated.subarray(at)]);
          else mutated = Buffer.concat([mutated.subarray(0, at), mutated.subarray(at + 1)]);
        }
        parseSafely(mutated, canonical);
      }
    }
  });

  test('random cell values round-trip through CSV; quarantined rows keep them exactly', () => {
    const random = seededRandom(4);
    for (let k = 0; k < 60; k++) {
      const delimiter = [',', ';', '\t'][k % 3] as string;
      const header = ['source', 'record_id', 'given_names', 'sex', 'nationality', 'notes'];
      const rows: string[][] = [];
      for (let r = 0; r < 15; r++) rows.push(['ONG', `R${r}`, randomText(random, 12), randomText(random, 4), random() < 0.5 ? 'PER' : randomText(random, 5), randomText(random, 30)]);
      const text = [header, ...rows].map((row) => row.map((v) => quoteCsv(v, delimiter)).join(delimiter)).join('\r\n');
      const bytes = Buffer.from(text, 'utf8');
      const result = parseSafely(bytes, canonical);
      if (!result) continue; // e.g. many control characters made the file look binary
      // The reader gives back exactly what was written, row by row.
      const table = readTable(bytes);
      const nonBlank = rows.filter((row) => !row.every((v) => v.trim() === ''));
      assert.deepEqual(table.rows.map((r) => r.values), nonBlank);
      assert.equal(result.counts.rows + result.counts.blankRows, rows.length);
      for (const outcome of result.outcomes) {
        if (outcome.status !== 'quarantined') continue;
        const original = rows[outcome.row.source.rowNumber - 1] as string[];
        assert.deepEqual(Object.values(outcome.row.values), original);
      }
    }
  });
});

describe('hostile files', () => {
  test('binary data is refused as binary', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(64, 7)]);
    const report = testProfile(canonical, png, { file: 'foto.csv' });
    assert.equal(report.ok, false);
    assert.match(report.fileError?.en ?? '', /^foto\.csv, line 3: The file looks binary/);
    assert.match(report.fileError?.es ?? '', /^foto\.csv, línea 3: El archivo parece binario/);
  });

  test('a wrong declared encoding is a clear error, not mojibake', () => {
    const utf8 = Buffer.from(`${CANONICAL_HEADER}\nONG,1,María,Peña,F,,,,,\n`, 'utf8');
    const latin1 = Buffer.from(`${CANONICAL_HEADER}\nONG,1,María,Peña,F,,,,,\n`, 'latin1');
    assert.throws(() => readTable(utf8, { encoding: 'windows-1252', file: 'a.csv' }), (e: unknown) => e instanceof ImportFileError && e.key === 'import.encodingMismatch' && e.position.line === 2);
    assert.throws(() => readTable(latin1, { encoding: 'utf-8', file: 'b.csv' }), (e: unknown) => e instanceof ImportFileError && e.key === 'import.encodingMismatch' && e.position.line === 2);
    // The canonical profile declares UTF-8: a Windows-1252 file is refused with its line.
    const report = testProfile(canonical, latin1, { file: 'c.csv' });
    assert.match(report.fileError?.es ?? '', /^c\.csv, línea 2: .*«utf-8»/);
  });

  test('a 1 MB line: the row is quarantined (too long), the next rows are read', () => {
    const text = `${CANONICAL_HEADER}\nONG,1,${'A'.repeat(1_000_000)},Peña,F,,,,,\nONG,2,Ana,Peña,F,,,,,\n`;
    const result = parseSafely(Buffer.from(text, 'utf8'), canonical);
    assert.ok(result);
    assert.deepEqual(result.counts, { rows: 2, mapped: 1, quarantined: 1, blankRows: 0 });
    const first = result.outcomes[0];
    assert.equal(first?.status, 'quarantined');
    if (first?.status === 'quarantined') {
      assert.deepEqual(first.row.problems.map((p) => [p.field, p.key]), [['person.givenNames', 'invalid.tooLong:100']]);
      assert.equal(first.row.values.given_names?.length, 1_000_000);
      assert.equal(first.row.problems[0]?.es, 'Es demasiado largo (máximo 100 caracteres).');
    }
  });

  test('formula injection: kept as text, flagged; in a name it quarantines the row', () => {
    const profile = MappingProfile.parse({ id: 'formulas', name: { es: 'f', en: 'f' }, source: 'X', recordId: 'ID', fields: { fullName: 'NOMBRE', phone: 'TELEFONO', address: 'DIRECCION' } });
    const text = [
      'ID,NOMBRE,TELEFONO,DIRECCION,OBS',
      '1,Ana Peña,+51 987 654 321,"=HYPERLINK(""http://malo.example"",""clic"")",@SUM(A1)',
      '2,"=HYPERLINK(""http://malo.example"",""Ana"")",,Jr. Uno 1,',
      '3,Luz,"+cmd|\' /C calc\'!A0",-2+3,',
    ].join('\n');
    const result = parseFile(Buffer.from(text), profile);
    const [one, two, three] = result.outcomes;
    assert.equal(one?.status, 'mapped');
    if (one?.status === 'mapped') {
      assert.equal(one.record.residence?.address, '=HYPERLINK("http://malo.example","clic")');
      assert.equal(one.record.residence?.phone, '+51 987 654 321');
      assert.deepEqual(one.record.flags.map((f) => f.column), ['DIRECCION', 'OBS']);
      assert.match(one.record.flags[0]?.en ?? '', /formula/);
    }
    assert.equal(two?.status, 'quarantined');
    if (two?.status === 'quarantined') {
      assert.deepEqual(two.row.flags.map((f) => f.column), ['NOMBRE']);
      assert.equal(two.row.values.NOMBRE, '=HYPERLINK("http://malo.example","Ana")');
      assert.deepEqual(two.row.problems.map((p) => p.key), ['invalid.nameCharacters']);
    }
    assert.equal(three?.status, 'mapped');
    if (three?.status === 'mapped') assert.deepEqual(three.record.flags.map((f) => f.column), ['TELEFONO', 'DIRECCION']);
  });

  test('markup and control characters in free text quarantine the row', () => {
    const profile = MappingProfile.parse({ id: 'texto', name: { es: 't', en: 't' }, source: 'X', fields: { fullName: 'NOMBRE', address: 'DIRECCION' } });
    const result = parseFile(Buffer.from('NOMBRE,DIRECCION\nAna,<script>alert(1)</script>\nLuz,"Jr.\u0007Dos"\n'), profile);
    assert.deepEqual(
      result.outcomes.map((o) => (o.status === 'quarantined' ? o.row.problems.map((p) => p.key) : [])),
      [['invalid.markup'], ['invalid.controlCharacters']],
    );
  });

  test('rows wider than the header are quarantined with their extra values; nothing is dropped', () => {
    const result = parseFile(Buffer.from(`${CANONICAL_HEADER}\nONG,1,Ana,Peña,F,,,,,,sobra,otra\nONG,2,Luz\n`), canonical);
    const [wide, narrow] = result.outcomes;
    assert.equal(wide?.status, 'quarantined');
    if (wide?.status === 'quarantined') {
      assert.deepEqual(wide.row.extraValues, ['sobra', 'otra']);
      assert.equal(wide.row.problems[0]?.es, 'La fila tiene 12 campos y la cabecera 10.');
    }
    assert.equal(narrow?.status, 'quarantined');
  });

  test('20,000 rows parse in a few seconds, all accounted for', () => {
    const bytes = Buffer.from(canonicalFile(20_000), 'utf8');
    const started = performance.now();
    const result = parseFile(bytes, canonical, { today: TODAY });
    const seconds = (performance.now() - started) / 1000;
    assert.deepEqual(result.counts, { rows: 20_000, mapped: 20_000, quarantined: 0, blankRows: 0 });
    assert.ok(seconds < 30, `took ${seconds.toFixed(1)} s`);
  });
});
