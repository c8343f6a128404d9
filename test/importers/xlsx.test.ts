import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseFile } from '../../src/importers/map.ts';
import { readTable } from '../../src/importers/read.ts';
import { shippedProfile } from '../../src/importers/shipped-profiles.ts';
import { builtInSheetReader, columnIndex, type SheetReader } from '../../src/importers/xlsx.ts';
import { scanXml, decodeEntities } from '../../src/importers/xml.ts';
import { buildXlsx, columnName, zip } from './xlsx-fixture.ts';
import { fails } from './fails.ts';


describe('XLSX: the built-in reader', () => {
  test('shared strings, numbers, booleans, inline strings, rich text, escapes; leading zeros kept as text', () => {
    const bytes = buildXlsx({
      sheets: [
        {
          name: 'Hoja1',
          rows: [
            ['UBIGEO', 'DNI', 'NOMBRE', 'EDAD', 'ACTIVO', 'NOTA', 'RICO'],
            ['030101', '01234567', 'María & José <Núñez>', 17, true, { inline: 'línea_x000D_\nfin' }, { rich: ['Ro', 'sa'] }],
            ['170101', '70000001', 'Ñusta', 16.5, false, null, 'x'],
          ],
        },
      ],
    });
    const table = readTable(bytes, { file: 'libro.xlsx' });
    assert.equal(table.format, 'xlsx');
    assert.equal(table.sheet, 'Hoja1');
    assert.deepEqual(table.columns, ['UBIGEO', 'DNI', 'NOMBRE', 'EDAD', 'ACTIVO', 'NOTA', 'RICO']);
    assert.deepEqual(table.rows[0]?.values, ['030101', '01234567', 'María & José <Núñez>', '17', 'TRUE', 'línea\r\nfin', 'Rosa']);
    assert.deepEqual(table.rows[1]?.values, ['170101', '70000001', 'Ñusta', '16.5', 'FALSE', '', 'x']);
    assert.deepEqual(table.rows.map((r) => r.line), [2, 3]);
  });

  test('stored (uncompressed) entries and namespace-prefixed elements', () => {
    const bytes = buildXlsx({ stored: true, prefixed: true, sheets: [{ name: 'S', rows: [['A', 'B'], ['1', 2]] }] });
    assert.deepEqual(readTable(bytes).rows[0]?.values, ['1', '2']);
  });

  test('sparse rows and cells: gaps are empty, blank rows counted, sheet row numbers kept', () => {
    const bytes = buildXlsx({
      sheets: [{ name: 'S', rowNumbers: [3, 4, 6, 9], rows: [['A', 'B', 'C'], [null, 'b', null], [null, null, null], ['a', null, 'c']] }],
    });
    const table = readTable(bytes);
    assert.deepEqual(table.columns, ['A', 'B', 'C']);
    assert.deepEqual(table.rows.map((r) => [r.line, r.values]), [
      [4, ['', 'b', '']],
      [9, ['a', '', 'c']],
    ]);
    assert.equal(table.blankRows, 1);
  });

  test('a cell beyond the header is marked as extra', () => {
    const table = readTable(buildXlsx({ sheets: [{ name: 'S', rows: [['A'], ['1', 'sobra']] }] }));
    assert.deepEqual([table.rows[0]?.width, table.rows[0]?.extra], [2, ['sobra']]);
  });

  test('formulas: the cached result is read; without one, the formula text (then flagged)', () => {
    const bytes = buildXlsx({ sheets: [{ name: 'S', rows: [['A', 'B'], [{ formula: 'CONCAT("a","b")', cached: 'ab' }, { formula: 'HYPERLINK("http://x","y")' }]] }] });
    assert.deepEqual(readTable(bytes).rows[0]?.values, ['ab', '=HYPERLINK("http://x","y")']);
  });

  test('sheet chosen by name; a missing sheet is a clear error; 1904 date system reported', () => {
    const bytes = buildXlsx({ date1904: true, sheets: [{ name: 'Resumen', rows: [['X'], ['1']] }, { name: 'Víctimas', rows: [['NOMBRE'], ['Ana']] }] });
    const table = readTable(bytes, { sheet: 'Víctimas' });
    assert.deepEqual([table.sheet, table.columns, table.rows[0]?.values, table.date1904], ['Víctimas', ['NOMBRE'], ['Ana'], true]);
    assert.equal(readTable(bytes).sheet, 'Resumen');
    fails(() => readTable(bytes, { sheet: 'Otra' }), 'import.noSheet');
  });

  test('a truncated or corrupted workbook is a clear error, never a crash', () => {
    const bytes = buildXlsx({ sheets: [{ name: 'S', rows: [['A'], ['1']] }] });
    for (const cut of [10, 100, bytes.length - 30, bytes.length - 1]) fails(() => readTable(bytes.subarray(0, cut), { format: 'xlsx' }), 'import.notXlsx');
    // One flipped byte inside the compressed sheet: inflate or CRC catches it.
    const corrupted = Buffer.from(bytes);
    const at = corrupted.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length + 8;
    corrupted[at] = (corrupted[at] as number) ^ 0xff;
    fails(() => readTable(corrupted), 'import.notXlsx');
    // A ZIP that is not a workbook.
    fails(() => readTable(zip([{ name: 'hola.txt', data: Buffer.from('hola') }])), 'import.notXlsx');
  });

  test('an XLSX reader can be plugged in through SheetReader', () => {
    const fake: SheetReader = { read: () => ({ sheet: 'X', date1904: false, rows: [{ line: 1, cells: ['A'] }, { line: 2, cells: ['z'] }] }) };
    assert.deepEqual(readTable(Buffer.from('PK\u0003\u0004', 'latin1'), { sheetReader: fake }).rows[0]?.values, ['z']);
    assert.equal(builtInSheetReader.read(buildXlsx({ sheets: [{ name: 'Q', rows: [['A']] }] }), {}).sheet, 'Q');
  });

  test('cell references and column names agree up to three letters', () => {
    for (const i of [0, 1, 25, 26, 27, 51, 52, 701, 702, 16383]) assert.equal(columnIndex(`${columnName(i)}7`), i);
  });
});

describe('XLSX: the 1904 date system reaches the dates', () => {
  test('a serial in a 1904 workbook is counted from 1904-01-01', () => {
    const profile = shippedProfile('mimp-car-sintetico');
    assert.ok(profile);
    const bytes = buildXlsx({ date1904: true, sheets: [{ name: 'S', rows: [['N° FICHA', 'NOMBRES', 'F. INGRESO'], ['C-1', 'ANA', 43921]] }] });
    const outcome = parseFile(bytes, profile).outcomes[0];
    assert.equal(outcome?.status === 'mapped' ? outcome.record.care?.admissionDate : outcome?.status, '2024-04-01');
  });
});

describe('XLSX: fuzzed cell texts', () => {
  test('random texts (markup characters, entities, accents, emoji, new lines) come back exactly', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 4294967296;
    };
    const alphabet = ['a', 'Ñ', 'é', ' ', '<', '>', '&', '"', "'", '&amp;', ']]>', '\n', '\t', '😀', '=', ';', '0', '–'];
    for (let k = 0; k < 30; k++) {
      const rows: string[][] = [['A', 'B', 'C']];
      for (let r = 0; r < 10; r++) {
        rows.push([0, 1, 2].map(() => Array.from({ length: 1 + Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')));
      }
      const table = readTable(buildXlsx({ stored: k % 2 === 0, sheets: [{ name: 'S', rows: rows.map((r, i) => (i > 0 && k % 3 === 0 ? r.map((v) => ({ inline: v })) : r)) }] }));
      const expected = rows.slice(1).filter((r) => !r.every((v) => v.trim() === ''));
      assert.deepEqual(table.rows.map((r) => r.values), expected);
    }
  });
});

describe('XML scanner', () => {
  test('entities, CDATA, comments, processing instructions', () => {
    const texts: string[] = [];
    scanXml('<?xml version="1.0"?><!-- c --><a x="1 &amp; 2"><b>&lt;&#65;&#x42;&quot;</b><![CDATA[<raw>]]></a>', {
      open: (name, attributes) => texts.push(`${name}:${attributes.x ?? ''}`),
      text: (t) => texts.push(t),
    });
    assert.deepEqual(texts, ['a:1 & 2', 'b:', '<AB"', '<raw>']);
    assert.equal(decodeEntities('&bogus; &#xD800; &#1114112;'), '&bogus; &#xD800; &#1114112;');
  });

  test('unbalanced or truncated documents throw', () => {
    assert.throws(() => scanXml('<a><b></a>', {}));
    assert.throws(() => scanXml('<a><b>', {}));
    assert.throws(() => scanXml('<a x="1', {}));
  });
});

describe('XLSX through a profile: the MIMP shelter register', () => {
  test('admission dates as Excel serials, department names, leading zeros of numeric-looking text kept', () => {
    const profile = shippedProfile('mimp-car-sintetico');
    assert.ok(profile);
    const header = ['N° FICHA', 'NOMBRES', 'APELLIDO PATERNO', 'APELLIDO MATERNO', 'SEXO', 'FECHA NACIMIENTO', 'TIPO DOC.', 'N° DOC.', 'NACIONALIDAD', 'F. INGRESO', 'DEPARTAMENTO', 'DERIVADO POR', 'TIPO DE EXPLOTACION', 'NOTA'];
    const bytes = buildXlsx({
      sheets: [
        {
          name: 'Ingresos',
          rows: [
            header,
            ['CAR-0101', 'ROSA ELENA', 'HUAMÁN', 'QUISPE', 'MUJER', 39175, 'DNI', '01234567', 'PERUANA', 45383, 'MADRE DE DIOS', 'FISCALIA', 'EXPLOTACIÓN SEXUAL', 'SINTÉTICO'],
            ['CAR-0102', 'YULIMAR', 'RONDÓN', 'PÉREZ', 'MUJER', '15/08/2007', 'CEDULA', 'V30123456', 'VENEZOLANA', 45450.75, 'Lima', 'PNP', 'MENDICIDAD', 'SINTÉTICO'],
            ['CAR-0103', 'ANA', 'TORRES', 'VEGA', 'MUJER', 60, 'DNI', '70000001', 'PERUANA', 45481, 'PUNO', 'UPE', 'EXPLOTACIÓN LABORAL', 'SINTÉTICO'],
          ],
        },
      ],
    });
    const result = parseFile(bytes, profile, { file: 'mimp.xlsx' });
    assert.equal(result.format, 'xlsx');
    assert.deepEqual(result.counts, { rows: 3, mapped: 2, quarantined: 1, blankRows: 0 });
    const [first, second, third] = result.outcomes;
    assert.equal(first?.status, 'mapped');
    if (first?.status !== 'mapped') return;
    assert.deepEqual(first.record.person, {
      givenNames: 'ROSA ELENA',
      paternalSurname: 'HUAMÁN',
      maternalSurname: 'QUISPE',
      sex: 'MUJER',
      birthDate: '2007-04-03',
      nationalities: ['PER'],
      documents: [{ type: 'DNI', number: '01234567' }],
    });
    assert.equal(first.record.care?.admissionDate, '2024-04-01');
    assert.equal(first.record.caseFile?.detectionUbigeo, '17');
    assert.equal(first.record.caseFile?.detectionSource, 'DERIVACION_INSTITUCIONAL');
    assert.deepEqual(first.record.caseFile?.exploitationTypes, ['SEXUAL']);
    assert.deepEqual(first.record.source, { file: 'mimp.xlsx', system: 'MIMP-CAR', rowNumber: 1, line: 2, recordId: 'CAR-0101', fingerprint: first.record.source.fingerprint });
    assert.equal(second?.status, 'mapped');
    if (second?.status !== 'mapped') return;
    assert.equal(second.record.care?.admissionDate, '2024-06-07');
    assert.deepEqual(second.record.person.documents, [{ type: 'CEDULA_IDENTIDAD_EXTRANJERA', number: 'V30123456' }]);
    assert.equal(second.record.caseFile?.detectionUbigeo, '15');
    // Serial 60 is 29/02/1900, a day that never was.
    assert.equal(third?.status, 'quarantined');
    if (third?.status !== 'quarantined') return;
    assert.deepEqual(third.row.problems.map((p) => [p.field, p.column, p.value, p.key]), [['person.birthDate', 'FECHA NACIMIENTO', '60', 'import.excelLeapBug']]);
    assert.equal(third.row.values['FECHA NACIMIENTO'], '60');
  });
});
