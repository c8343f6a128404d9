import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonSyntaxError, parseJsonRecords } from '../../src/importers/json.ts';
import { parseFile } from '../../src/importers/map.ts';
import { parseProfile } from '../../src/importers/profile.ts';
import { readTable } from '../../src/importers/read.ts';
import { fails } from './fails.ts';


describe('JSON records', () => {
  test('an array of objects: columns in order of first appearance, values as text, lines of each record', () => {
    const text = '[\n  {"id": "A1", "ubigeo": "030101", "edad": 17, "activo": true},\n  {"id": "A2", "nota": null,\n   "edad": 16.5}\n]';
    const table = parseJsonRecords(text);
    assert.deepEqual(table.columns, ['id', 'ubigeo', 'edad', 'activo', 'nota']);
    assert.deepEqual(table.rows.map((r) => [r.line, r.rowNumber, r.values]), [
      [2, 1, ['A1', '030101', '17', 'true', '']],
      [3, 2, ['A2', '', '16.5', '', '']],
    ]);
  });

  test('{ records: [...] } with nested objects (dotted columns) and arrays (joined with ";")', () => {
    const text = JSON.stringify({ meta: { exported: '2024-01-01', list: [{ x: 1 }] }, records: [{ persona: { nombres: 'Ana', apellidos: { paterno: 'Peña' } }, modalidades: ['SEXUAL', 'LABORAL'], otros: [{ a: 1 }] }] }, null, 2);
    const table = readTable(Buffer.from(text, 'utf8'));
    assert.equal(table.format, 'json');
    assert.deepEqual(table.columns, ['persona.nombres', 'persona.apellidos.paterno', 'modalidades', 'otros']);
    assert.deepEqual(table.rows[0]?.values, ['Ana', 'Peña', 'SEXUAL;LABORAL', '[{"a":1}]']);
    assert.equal(table.rows[0]?.line, 11);
  });

  test('strings holding braces, brackets and escaped quotes do not confuse record lines', () => {
    const text = '[{"a": "x [ { \\" } ]"},\n{"a": "y"}]';
    assert.deepEqual(parseJsonRecords(text).rows.map((r) => [r.line, r.values[0]]), [
      [1, 'x [ { " } ]'],
      [2, 'y'],
    ]);
  });

  test('empty objects are blank rows, counted', () => {
    const table = parseJsonRecords('[{}, {"a": "1"}, {"a": ""}]');
    assert.deepEqual([table.rows.length, table.blankRows], [1, 2]);
  });

  test('malformed JSON names line and column; wrong shapes are refused', () => {
    const error = fails(() => parseJsonRecords('[\n {"a": 1},\n {"a": }\n]', { file: 'x.json' }), 'import.malformedJson');
    assert.equal(error.position.line, 3);
    assert.equal(error.position.column, 8);
    assert.match(error.es, /^x\.json, línea 3, columna 8: JSON mal formado/);
    assert.deepEqual(jsonSyntaxError('{"a": [1, 2,]}'), { offset: 12, reason: 'unexpected character' });
    assert.equal(jsonSyntaxError('{"a": "b\\u00e9"}'), undefined);
    fails(() => parseJsonRecords('[{"a": 1}'), 'import.malformedJson');
    fails(() => parseJsonRecords('{"rows": []}'), 'import.jsonShape');
    fails(() => parseJsonRecords('"hola"'), 'import.jsonShape');
    const shape = fails(() => parseJsonRecords('[{"a": 1},\n 5]'), 'import.jsonRecordShape');
    assert.equal(shape.position.line, 2);
  });

  test('a JSON file through a profile', () => {
    const profile = parseProfile({
      id: 'api-json',
      name: { es: 'JSON', en: 'JSON' },
      source: 'ONG-API',
      recordId: 'id',
      dates: { formats: ['ISO'] },
      fields: { givenNames: 'persona.nombres', paternalSurname: 'persona.paterno', sex: 'persona.sexo', birthDate: 'persona.nacimiento', exploitationTypes: 'modalidades', detectionDate: 'fecha', detectionPlace: 'ubigeo' },
    });
    assert.ok(profile.ok);
    if (!profile.ok) return;
    const text = JSON.stringify({ records: [{ id: 'J-1', persona: { nombres: 'Luz', paterno: 'Mamani', sexo: 'femenino', nacimiento: '2008-05' }, modalidades: ['EXPLOTACION_SEXUAL', 'Mendicidad forzada'], fecha: '2024-02-10', ubigeo: '210101' }] });
    const result = parseFile(Buffer.from(text), profile.profile);
    const outcome = result.outcomes[0];
    assert.equal(outcome?.status, 'mapped');
    if (outcome?.status !== 'mapped') return;
    assert.deepEqual(outcome.record.person, { givenNames: 'Luz', paternalSurname: 'Mamani', sex: 'MUJER', birthDate: '2008-05', nationalities: ['DESCONOCIDO'], documents: [] });
    assert.deepEqual(outcome.record.caseFile?.exploitationTypes, ['SEXUAL', 'MENDICIDAD']);
    assert.deepEqual(outcome.record.caseFile?.legalPurposes, ['EXPLOTACION_SEXUAL', 'MENDICIDAD']);
    assert.equal(outcome.record.caseFile?.detectionUbigeo, '210101');
    assert.equal(outcome.record.caseFile?.detectionDate, '2024-02-10');
  });
});
