import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCsv, sniffDelimiter } from '../../src/importers/csv.ts';
import { detectFormat, readTable } from '../../src/importers/read.ts';
import { fails } from './fails.ts';


describe('CSV: delimiters', () => {
  const rows = [
    ['UBIGEO', 'DNI', 'NOMBRE'],
    ['030101', '01234567', 'Ana'],
  ];
  for (const [label, delimiter] of [['comma', ','], ['semicolon', ';'], ['tab', '\t']] as const) {
    test(`${label}: sniffed from the header, values never cast`, () => {
      const text = rows.map((r) => r.join(delimiter)).join('\r\n') + '\r\n';
      assert.equal(sniffDelimiter(text), delimiter);
      const table = readTable(Buffer.from(text, 'utf8'), { file: 'x.csv' });
      assert.equal(table.delimiter, delimiter);
      assert.deepEqual(table.columns, rows[0]);
      assert.deepEqual(table.rows[0]?.values, ['030101', '01234567', 'Ana']);
      assert.equal(table.rows[0]?.line, 2);
    });
  }

  test('a declared delimiter wins over sniffing', () => {
    const text = 'A;B,C,D\n1;2,3,4\n';
    assert.deepEqual(parseCsv(text).columns, ['A;B', 'C', 'D']);
    assert.deepEqual(parseCsv(text, { delimiter: ';' }).columns, ['A', 'B,C,D']);
  });

  test('a "sep=;" first line names the delimiter and is not the header', () => {
    const table = parseCsv('sep=;\r\nA;B,C\r\n1;2,3\r\n');
    assert.deepEqual([table.delimiter, table.columns, table.rows[0]?.values, table.rows[0]?.line], [';', ['A', 'B,C'], ['1', '2,3'], 3]);
  });

  test('delimiters inside quoted header names do not count', () => {
    assert.equal(sniffDelimiter('"APELLIDOS, NOMBRES";"EDAD";"SEXO"\n'), ';');
    assert.equal(sniffDelimiter('"A;B;C",D\n'), ',');
  });

  test('Excel in a Spanish locale: semicolons, decimal commas, Windows-1252', () => {
    const text = 'NOMBRE;EDAD;MONTO\r\n"Peña, María";17;1.234,50\r\n';
    const table = readTable(Buffer.from(text, 'latin1'));
    assert.equal(table.encoding, 'windows-1252');
    assert.deepEqual(table.rows[0]?.values, ['Peña, María', '17', '1.234,50']);
  });
});

describe('CSV: Excel "Unicode text" (UTF-16 LE with BOM, tabs)', () => {
  test('decoded, tab sniffed, values kept', () => {
    const text = 'NOMBRES\tUBIGEO\r\nÑusta Peña\t030101\r\n';
    const table = readTable(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    assert.deepEqual([table.encoding, table.delimiter, table.columns, table.rows[0]?.values], ['utf-16le', '\t', ['NOMBRES', 'UBIGEO'], ['Ñusta Peña', '030101']]);
  });
});

describe('CSV: quoting and lines', () => {
  test('quoted fields with embedded newlines, quotes and delimiters; line numbers of each row', () => {
    const text = 'ID,NOTA,NOMBRE\n1,"línea uno\nlínea dos","Ana ""La Flaca"""\n\n2,"a,b",Rosa\r\n3,"x\r\ny\r\nz",Luz\n';
    const table = parseCsv(text);
    assert.deepEqual(
      table.rows.map((r) => [r.line, r.rowNumber, ...r.values]),
      [
        [2, 1, '1', 'línea uno\nlínea dos', 'Ana "La Flaca"'],
        [5, 2, '2', 'a,b', 'Rosa'],
        [6, 3, '3', 'x\r\ny\r\nz', 'Luz'],
      ],
    );
  });

  test('mixed CRLF, LF and CR leave no stray carriage returns', () => {
    const table = parseCsv('A,B\r\n1,2\n3,4\r\n5,6\r7,"8\r\n9"\r\n10,11');
    assert.deepEqual(table.rows.map((r) => r.values), [['1', '2'], ['3', '4'], ['5', '6'], ['7', '8\r\n9'], ['10', '11']]);
    assert.deepEqual(table.rows.map((r) => r.line), [2, 3, 4, 5, 7]);
  });

  test('a quote inside an unquoted field is kept (relaxed), not an error', () => {
    assert.deepEqual(parseCsv('A,B\nAna "La Flaca",2\n').rows[0]?.values, ['Ana "La Flaca"', '2']);
  });

  test('blank rows are counted, not mapped; wider and narrower rows are marked', () => {
    const table = parseCsv('A,B,C\n1,2,3\n,,\n4,5\n6,7,8,9\n');
    assert.equal(table.blankRows, 1);
    assert.deepEqual(table.rows.map((r) => [r.values, r.width, r.extra]), [
      [['1', '2', '3'], undefined, undefined],
      [['4', '5', ''], 2, undefined],
      [['6', '7', '8'], 4, ['9']],
    ]);
  });

  test('empty and repeated header names get distinct names', () => {
    assert.deepEqual(parseCsv('OBS,,OBS,obs\n1,2,3,4\n').columns, ['OBS', '#2', 'OBS (2)', 'obs (3)']);
  });

  test('a 1 MB line parses (its value is then too long for any field)', () => {
    const big = 'x'.repeat(1_000_000);
    const table = parseCsv(`A,B\n1,${big}\n2,ok\n`);
    assert.equal(table.rows[0]?.values[1]?.length, 1_000_000);
    assert.equal(table.rows[1]?.values[1], 'ok');
  });
});

describe('CSV: broken files', () => {
  test('an unclosed quote (truncated file) names the line', () => {
    const error = fails(() => readTable(Buffer.from('A,B\n1,2\n3,"abc\n4,5\n'), { file: 'trunc.csv' }), 'import.unclosedQuote');
    assert.equal(error.position.line, 4);
    assert.match(error.es, /^trunc\.csv, línea 4/);
    assert.match(error.en, /^trunc\.csv, line 4.*Unclosed quote/);
  });

  test('a record above the size limit is a clear error', () => {
    const error = fails(() => readTable(Buffer.from(`A,B\n1,${'y'.repeat(5000)}\n`), { maxRecordChars: 1000 }), 'import.recordTooLarge');
    assert.equal(error.position.line, 2);
  });

  test('a file with only a header has no rows; an empty file is an error', () => {
    const table = readTable(Buffer.from('A,B\n'));
    assert.deepEqual([table.columns, table.rows.length], [['A', 'B'], 0]);
    fails(() => readTable(Buffer.alloc(0)), 'import.emptyFile');
  });

  test('format detection from the bytes and the name', () => {
    assert.equal(detectFormat(Buffer.from('A,B\n')), 'csv');
    assert.equal(detectFormat(Buffer.from('\ufeff [{"a":1}]')), 'json');
    assert.equal(detectFormat(Buffer.from('PK\u0003\u0004rest', 'latin1')), 'xlsx');
    assert.equal(detectFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0])), undefined);
    fails(() => readTable(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), { file: 'old.xls' }), 'import.unknownFormat');
  });
});
