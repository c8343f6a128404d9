import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fingerprint, parseFile, remapRow, type MappedRecord, type ParseResult, type QuarantinedRow } from '../../src/importers/map.ts';
import { MappingProfile, parseProfile, type MappingProfileInput } from '../../src/importers/profile.ts';
import { SHIPPED_PROFILES, shippedProfile } from '../../src/importers/shipped-profiles.ts';
import { testProfile } from '../../src/importers/test-profile.ts';

const TODAY = '2026-11-27';

function profile(id: string): MappingProfile {
  const p = shippedProfile(id);
  assert.ok(p, id);
  return p;
}

function csv(rows: string[][], delimiter: string): string {
  const quote = (v: string) => (/[",;\t\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(quote).join(delimiter)).join('\r\n') + '\r\n';
}

function mapped(result: ParseResult): MappedRecord[] {
  return result.outcomes.flatMap((o) => (o.status === 'mapped' ? [o.record] : []));
}

function quarantined(result: ParseResult): QuarantinedRow[] {
  return result.outcomes.flatMap((o) => (o.status === 'quarantined' ? [o.row] : []));
}

function assertBalanced(result: ParseResult): void {
  assert.equal(result.counts.rows, result.counts.mapped + result.counts.quarantined);
  assert.equal(result.outcomes.length, result.counts.rows);
}

describe('shipped profiles', () => {
  test('all five load and are valid; the synthetic ones say so', () => {
    assert.deepEqual([...SHIPPED_PROFILES.keys()].sort(), ['canonico', 'fiscalia-casos-sintetico', 'htcds', 'mimp-car-sintetico', 'reta-pnp-sintetico']);
    for (const p of SHIPPED_PROFILES.values()) {
      assert.equal(p.synthetic, p.id !== 'canonico' && p.id !== 'htcds', p.id);
      if (p.synthetic) assert.match(p.name.es, /SINTÉTICO/);
    }
  });

  test('every shipped sample maps completely with its profile', () => {
    const dir = new URL('../../data/profiles/samples/', import.meta.url);
    const samples = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    assert.equal(samples.length, 4);
    const byFile: Record<string, string> = {
      'canonico-SINTETICO.csv': 'canonico',
      'reta-pnp-SINTETICO.csv': 'reta-pnp-sintetico',
      'fiscalia-casos-SINTETICO.csv': 'fiscalia-casos-sintetico',
      'mimp-car-SINTETICO.csv': 'mimp-car-sintetico',
    };
    for (const file of samples) {
      const report = testProfile(profile(byFile[file] as string), readFileSync(new URL(file, dir)), { file, today: TODAY });
      assert.equal(report.ok, true, file);
      assert.deepEqual(report.counts, { rows: 10, mapped: 10, quarantined: 0, blankRows: 0 }, `${file}: ${JSON.stringify(report.rowErrors)}`);
      assert.deepEqual(report.missingColumns, [], file);
      assert.deepEqual(report.uncoveredCodes, [], file);
    }
    // The MIMP register also as the workbook Excel would save (serial dates as numbers).
    const xlsx = testProfile(profile('mimp-car-sintetico'), readFileSync(new URL('mimp-car-SINTETICO.xlsx', dir)), { today: TODAY });
    assert.deepEqual([xlsx.format, xlsx.counts], ['xlsx', { rows: 10, mapped: 10, quarantined: 0, blankRows: 0 }]);
    assert.equal(xlsx.preview[0]?.care?.admissionDate, '2024-04-01');
  });
});

describe('canonical person-record CSV (DESIGN §5)', () => {
  const header = ['source', 'record_id', 'given_names', 'paternal_surname', 'maternal_surname', 'full_name', 'sex', 'birth_date', 'age', 'document_type', 'document_number', 'nationality', 'department', 'address', 'locality', 'postcode', 'phone'];

  test('field by field, with only some columns present and an unknown one', () => {
    const text = csv(
      [
        ['source', 'record_id', 'given_names', 'paternal_surname', 'sex', 'birth_date', 'age', 'document_type', 'document_number', 'nationality', 'department', 'phone', 'extra'],
        ['ONG-A', 'R1', 'Rosa Elena', 'Huamán', 'MUJER', '2006-04', '', 'DNI', '01234567', 'PER', '17', '+51 987 654 321', 'x'],
        ['ONG-B', 'R1', 'Yulimar', 'Rondón', 'MUJER', '', '24', 'CEDULA_IDENTIDAD_EXTRANJERA', 'V12345678', 'VEN', '15', '', ''],
      ],
      ',',
    );
    const result = parseFile(Buffer.from(text), profile('canonico'), { file: 'c.csv', today: TODAY });
    assertBalanced(result);
    assert.deepEqual(result.unmappedColumns, ['extra']);
    assert.deepEqual(result.missingColumns.map((m) => m.column), ['maternal_surname', 'full_name', 'address', 'locality', 'postcode']);
    const [a, b] = mapped(result);
    assert.deepEqual(a?.person, { givenNames: 'Rosa Elena', paternalSurname: 'Huamán', sex: 'MUJER', birthDate: '2006-04', nationalities: ['PER'], documents: [{ type: 'DNI', number: '01234567' }] });
    assert.deepEqual(a?.residence, { ubigeo: '17', phone: '+51 987 654 321' });
    assert.deepEqual([a?.source.system, a?.source.recordId, a?.source.line], ['ONG-A', 'R1', 2]);
    assert.deepEqual(b?.person, { givenNames: 'Yulimar', paternalSurname: 'Rondón', sex: 'MUJER', estimatedAge: 24, nationalities: ['VEN'], documents: [{ type: 'CEDULA_IDENTIDAD_EXTRANJERA', number: 'V12345678' }] });
    // The same record id in another source is another record.
    assert.equal(b?.source.system, 'ONG-B');
    assert.equal(a?.caseFile, undefined);
  });

  test('quarantine: reasons per field in Spanish and English, original values in full', () => {
    const text = csv(
      [
        header,
        ['ONG-A', 'R1', 'Ana', '', '', '', 'MUJER', '2001-02-30', '', 'DNI', '1234567', 'PER', '99', '', '', '', ''],
        ['ONG-A', 'R1', 'Ana', '', '', '', 'MUJER', '', '', '', '', 'PER', '', '', '', '', ''],
        ['ONG-A', '', '<b>Ana</b>', '', '', '', 'mujer', '', '200', '', '', 'XYZ', '', '', '', '', ''],
        ['ONG-A', 'R9', '', '', '', '', 'MUJER', '2099-01-01', '', '', '', 'PER', '', '', '', '', ''],
      ],
      ',',
    );
    const result = parseFile(Buffer.from(text), profile('canonico'), { file: 'q.csv', today: TODAY });
    assertBalanced(result);
    assert.equal(result.counts.mapped, 0);
    const [first, second, third, fourth] = quarantined(result);
    assert.deepEqual(first?.problems.map((p) => [p.field, p.column, p.value, p.key]), [
      ['person.birthDate', 'birth_date', '2001-02-30', 'import.impossibleDate'],
      ['residence.ubigeo', 'department', '99', 'import.ubigeoUnknown'],
      ['person.documents.0.number', 'document_number', '1234567', 'invalid.dni'],
    ]);
    assert.equal(first?.problems[2]?.es, 'El DNI tiene 8 dígitos.');
    assert.equal(first?.problems[2]?.en, 'A DNI has 8 digits.');
    assert.equal(first?.values.birth_date, '2001-02-30');
    assert.equal(first?.values.document_number, '1234567');
    // Row 2 reuses R1 in the same source: quarantined although row 1 was too (the id is taken).
    assert.deepEqual(second?.problems.map((p) => [p.key, p.es]), [['import.duplicateRecordId', 'Identificador de registro repetido en el archivo: «R1» (ya en la fila 1).']]);
    assert.deepEqual(third?.problems.map((p) => [p.field, p.key]), [
      ['source.recordId', 'import.missingRecordId'],
      ['person.estimatedAge', 'import.age'],
      ['person.nationalities', 'import.country'],
      ['person.givenNames', 'invalid.nameCharacters'],
    ]);
    assert.deepEqual(fourth?.problems.map((p) => [p.field, p.key, p.en]), [
      ['person.birthDate', 'invalid.dateInFuture', 'The date cannot be later than today.'],
      ['person.givenNames', 'invalid.personNeedsName', 'Record at least a name, a surname, an alias or a description to recognise the person.'],
    ]);
  });

  test('a missing record-id column is a file error; the fingerprint ignores column order and empty columns', () => {
    assert.throws(() => parseFile(Buffer.from('source,given_names\nX,Ana\n'), profile('canonico')), /record_id/);
    const one = parseFile(Buffer.from('source,record_id,given_names,sex\nX,1,Ana,MUJER\n'), profile('canonico'));
    const two = parseFile(Buffer.from('given_names,record_id,source,sex,phone\nAna,1,X,MUJER,\n'), profile('canonico'));
    const three = parseFile(Buffer.from('source,record_id,given_names,sex\nX,1,Ana María,MUJER\n'), profile('canonico'));
    const print = (r: ParseResult) => mapped(r)[0]?.source.fingerprint;
    assert.match(print(one) ?? '', /^[0-9a-f]{64}$/);
    assert.equal(print(one), print(two));
    assert.notEqual(print(one), print(three));
    assert.equal(fingerprint(['a', 'b'], { rowNumber: 1, line: 2, values: ['x', ' y '] }), fingerprint(['b', 'a'], { rowNumber: 9, line: 9, values: ['y', 'x'] }));
  });
});

describe('police registry, RETA-like (synthetic)', () => {
  const header = ['N° DENUNCIA', 'ITEM', 'FECHA DENUNCIA', 'DEPENDENCIA POLICIAL', 'FORMA DE CONOCIMIENTO', 'APELLIDOS Y NOMBRES', 'SEXO', 'FECHA NAC.', 'EDAD', 'DOC. IDENTIDAD', 'NACIONALIDAD', 'LUGAR DE LOS HECHOS', 'MODALIDAD', 'NOTA'];

  test('UTF-8 with BOM, comma: full name, DD/MM/YYYY, document with type, place names, modalidad', () => {
    const text = csv(
      [
        header,
        ['D-2024-000101', '1', '12/03/2024', 'COMISARIA X', 'OPERATIVO', 'HUAMAN QUISPE, ROSA ELENA', 'F', '03/04/2007', '16', 'DNI 01234567', 'PERUANA', 'Puerto Maldonado', 'EXPLOTACION SEXUAL', 'SINTÉTICO'],
        ['D-2024-000115', '1', '02/04/2024', 'COMISARIA Y', 'DENUNCIA DE FAMILIAR', 'DE LA CRUZ TORRES, MARÍA DEL PILAR', 'FEMENINO', '', '24', 'C.E. N° 001234567', 'VENEZOLANA', 'TAMBOPATA - MADRE DE DIOS', 'EXPLOTACION LABORAL', 'SINTÉTICO'],
        ['D-2024-000120', '1', '20/04/2024', 'COMISARIA Z', 'OPERATIVO', 'Nayeli Flores Ramos', 'M', '1/2/09', '', 'SIN DOCUMENTO', '', 'MADRE DE DIOS', 'POR DETERMINAR', 'SINTÉTICO'],
      ],
      ',',
    );
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const result = parseFile(bytes, profile('reta-pnp-sintetico'), { file: 'reta.csv', today: TODAY });
    assertBalanced(result);
    assert.equal(result.encoding, 'utf-8');
    assert.deepEqual(result.unmappedColumns, ['DEPENDENCIA POLICIAL', 'NOTA']);
    const [a, b, c] = mapped(result);
    assert.deepEqual(a?.person, {
      givenNames: 'ROSA ELENA',
      paternalSurname: 'HUAMAN',
      maternalSurname: 'QUISPE',
      fullName: 'HUAMAN QUISPE ROSA ELENA',
      sex: 'MUJER',
      birthDate: '2007-04-03',
      nationalities: ['PER'],
      documents: [{ type: 'DNI', number: '01234567' }],
    });
    assert.deepEqual(
      [a?.caseFile?.detectionDate, a?.caseFile?.detectionSource, a?.caseFile?.detectionUbigeo, a?.caseFile?.exploitationTypes, a?.caseFile?.legalPurposes],
      ['2024-03-12', 'OPERATIVO_POLICIAL', '170101', ['SEXUAL'], ['EXPLOTACION_SEXUAL']],
    );
    assert.deepEqual(a?.investigation, { policeReportNumber: 'D-2024-000101' });
    assert.equal(a?.source.recordId, 'D-2024-000101|1');
    assert.deepEqual(b?.person, {
      givenNames: 'MARÍA DEL PILAR',
      paternalSurname: 'DE LA CRUZ',
      maternalSurname: 'TORRES',
      fullName: 'DE LA CRUZ TORRES MARÍA DEL PILAR',
      sex: 'MUJER',
      estimatedAge: 24,
      nationalities: ['VEN'],
      documents: [{ type: 'CARNE_EXTRANJERIA', number: '001234567' }],
    });
    assert.deepEqual([b?.caseFile?.detectionSource, b?.caseFile?.detectionUbigeo, b?.caseFile?.exploitationTypes], ['DENUNCIA_DE_FAMILIAR', '170101', ['LABORAL']]);
    // No comma: the full string is kept for the linkage engine to read.
    assert.deepEqual(c?.person, { fullName: 'Nayeli Flores Ramos', sex: 'HOMBRE', birthDate: '2009-02-01', nationalities: ['DESCONOCIDO'], documents: [{ type: 'SIN_DOCUMENTO' }] });
    assert.deepEqual([c?.caseFile?.detectionUbigeo, c?.caseFile?.exploitationTypes, c?.caseFile?.legalPurposes], ['17', ['DESCONOCIDO'], ['NO_DETERMINADA']]);
  });

  test('codes the profile does not cover are listed for the administrator', () => {
    const text = csv(
      [
        header,
        ['D-1', '1', '12/03/2024', '', 'REDES SOCIALES', 'PEREZ, ANA', 'F', '', '', '', '', 'Lima', 'EXPLOTACION SEXUAL', ''],
        ['D-2', '1', '12/03/2024', '', 'REDES SOCIALES', 'PEREZ, LUZ', 'F', '', '', '', '', 'Lima', 'PORNOGRAFIA', ''],
      ],
      ',',
    );
    const report = testProfile(profile('reta-pnp-sintetico'), Buffer.from(text), { today: TODAY });
    assert.equal(report.ok, true);
    assert.deepEqual(report.counts, { rows: 2, mapped: 0, quarantined: 2, blankRows: 0 });
    assert.deepEqual(report.uncoveredCodes.map((u) => [u.field, u.column, u.value, u.count]), [
      ['detectionSource', 'FORMA DE CONOCIMIENTO', 'REDES SOCIALES', 2],
      ['exploitationTypes', 'MODALIDAD', 'PORNOGRAFIA', 1],
    ]);
    assert.equal(report.rowErrors[1]?.problems[0]?.es, 'Valor «REDES SOCIALES» no previsto para fuente de detección; añádalo al perfil.');
  });
});

describe("prosecutor's case list (synthetic)", () => {
  test('semicolons, Windows-1252, ages, legacy and current articles, department names', () => {
    const text = csv(
      [
        ['DISTRITO FISCAL', 'FISCALÍA', 'CARPETA FISCAL', 'N° AGRAVIADO', 'FECHA DE INGRESO', 'AGRAVIADO', 'SEXO', 'EDAD', 'NACIONALIDAD', 'DELITO', 'FINALIDAD', 'DEPARTAMENTO DE LOS HECHOS', 'ESTADO', 'NOTA'],
        ['MADRE DE DIOS', 'FISCALÍA 1', '2015-0042', '1', '14/09/2015', 'HUAMÁN QUISPE, ROSA ELENA', 'FEMENINO', '16', 'PERUANA', 'Art. 153', 'SEXUAL', 'MADRE DE DIOS', 'ARCHIVADO', 'SINTÉTICO'],
        ['MADRE DE DIOS', 'FISCALÍA 1', '2015-0042', '2', '14/09/2015', 'PEÑA MAMANI, LUZ', 'FEMENINO', '17 años', 'PERUANA', 'Art. 153-A', 'SEXUAL', 'Madre de Dios', 'ARCHIVADO', 'SINTÉTICO'],
        ['CUSCO', 'FISCALÍA 3', '2022-0077', '1', '11/05/2022', 'CCORI APAZA, JHON', 'MASCULINO', '13', 'PERUANA', '129-A / 129-O', 'LABORAL', 'CUSCO', 'ACUSACIÓN', 'SINTÉTICO'],
        ['LIMA', 'FISCALÍA 4', '2022-0078', '1', '31/06/2022', 'RUIZ, ANA', 'F', 'trece', 'PERUANA', 'Art. 999', 'SEXUAL', 'TAMBOPATA', '', 'SINTÉTICO'],
      ],
      ';',
    );
    const bytes = Buffer.from(text, 'latin1');
    const result = parseFile(bytes, profile('fiscalia-casos-sintetico'), { file: 'mp.csv', today: TODAY });
    assertBalanced(result);
    assert.deepEqual([result.encoding, result.delimiter], ['windows-1252', ';']);
    const [a, b, c] = mapped(result);
    assert.deepEqual(a?.person, { givenNames: 'ROSA ELENA', paternalSurname: 'HUAMÁN', maternalSurname: 'QUISPE', fullName: 'HUAMÁN QUISPE ROSA ELENA', sex: 'MUJER', estimatedAge: 16, nationalities: ['PER'], documents: [] });
    assert.deepEqual(a?.investigation, { prosecutorFileNumber: '2015-0042', offences: ['ART_129A'] });
    assert.deepEqual([a?.caseFile?.detectionDate, a?.caseFile?.detectionSource, a?.caseFile?.detectionUbigeo], ['2015-09-14', 'DENUNCIA_DE_TERCERO', '17']);
    assert.equal(a?.source.recordId, '2015-0042|1');
    assert.equal(b?.person.paternalSurname, 'PEÑA');
    assert.equal(b?.person.estimatedAge, 17);
    assert.deepEqual(b?.investigation?.offences, ['ART_129B']);
    assert.equal(b?.source.recordId, '2015-0042|2');
    assert.deepEqual(c?.investigation?.offences, ['ART_129A', 'ART_129O']);
    assert.equal(c?.caseFile?.detectionUbigeo, '08');
    const [bad] = quarantined(result);
    assert.deepEqual(bad?.problems.map((p) => [p.field, p.key]), [
      ['person.estimatedAge', 'import.age'],
      ['caseFile.detectionDate', 'import.impossibleDate'],
      ['caseFile.detectionUbigeo', 'import.placeUnknown'],
      ['investigation.offences', 'import.code'],
    ]);
    assert.equal(bad?.values['AGRAVIADO'], 'RUIZ, ANA');
    assert.equal(bad?.values['FISCALÍA'], 'FISCALÍA 4');
  });

  test('the same list saved as UTF-8 is refused, since the profile declares Windows-1252', () => {
    const text = 'CARPETA FISCAL;N° AGRAVIADO;AGRAVIADO\n1;1;PEÑA, ANA\n';
    const report = testProfile(profile('fiscalia-casos-sintetico'), Buffer.from(text, 'utf8'), { file: 'mp.csv' });
    assert.equal(report.ok, false);
    assert.match(report.fileError?.es ?? '', /^mp\.csv, línea 1: El archivo no está en la codificación declarada «windows-1252»/);
    assert.match(report.fileError?.en ?? '', /not in the declared encoding "windows-1252"/);
  });
});

describe('profiles written by an administrator', () => {
  const base: MappingProfileInput = { id: 'mi-ong', name: { es: 'Mi ONG', en: 'My NGO' }, source: 'ONG-X', fields: { fullName: 'NOMBRE' } };

  test('defaults are filled in', () => {
    const p = MappingProfile.parse(base);
    assert.deepEqual([p.file.format, p.file.encoding, p.dates.formats, p.multiValueSeparator, p.synthetic], ['auto', 'auto', ['DMY', 'ISO'], ';', false]);
  });

  test('invalid profiles are refused with the path of each problem', () => {
    const result = parseProfile({
      ...base,
      id: 'Mi ONG!',
      fields: { fullName: 'NOMBRE', colour: 'COLOR' },
      codes: { sex: { '1': 'FEMALE' } },
      defaults: { detectionSource: 'NOPE' },
      dates: { formats: ['DD/MM'] },
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    const paths = result.errors.map((e) => e.path);
    assert.ok(paths.includes('id'), JSON.stringify(paths));
    assert.ok(paths.includes('fields'), JSON.stringify(paths));
    assert.ok(paths.includes('dates.formats.0'), JSON.stringify(paths));
    const report = testProfile({ ...base, codes: { sex: { '1': 'FEMALE' } } }, Buffer.from('NOMBRE\nAna\n'));
    assert.equal(report.ok, false);
    assert.deepEqual(report.profileErrors.map((e) => e.path), ['codes.sex.1']);
  });

  test('a sample file tried against a new profile: preview, errors, unmapped and missing columns', () => {
    const draft = { ...base, recordId: 'ID', fields: { fullName: 'NOMBRE', sex: 'SEXO', birthDate: 'NACIMIENTO', nationality: 'PAIS' }, codes: { sex: { '1': 'MUJER', '2': 'HOMBRE' } } };
    const sample = 'ID\tNOMBRE\tSEXO\tEDAD\tOBS\n1\tAna Peña\t1\t17\t=HYPERLINK("http://x","y")\n2\tLuz Díaz\t3\t\t\n';
    const report = testProfile(draft, Buffer.from(sample, 'utf8'), { today: TODAY });
    assert.equal(report.ok, true);
    assert.equal(report.delimiter, '\t');
    assert.deepEqual(report.counts, { rows: 2, mapped: 1, quarantined: 1, blankRows: 0 });
    assert.deepEqual(report.preview[0]?.person, { fullName: 'Ana Peña', sex: 'MUJER', nationalities: ['DESCONOCIDO'], documents: [] });
    assert.deepEqual(report.preview[0]?.flags.map((f) => [f.column, f.key]), [['OBS', 'import.formula']]);
    assert.equal(report.formulaCells, 1);
    assert.deepEqual(report.rowErrors.map((r) => [r.rowNumber, r.line, r.recordId, r.problems.map((p) => p.key)]), [[2, 3, '2', ['import.code']]]);
    assert.deepEqual(report.unmappedColumns, ['EDAD', 'OBS']);
    assert.deepEqual(report.missingColumns, [
      { field: 'birthDate', column: 'NACIMIENTO' },
      { field: 'nationality', column: 'PAIS' },
    ]);
    assert.deepEqual(report.uncoveredCodes.map((u) => [u.field, u.value]), [['sex', '3']]);
  });

  test('column names match without regard to case, accents and spaces', () => {
    const p = MappingProfile.parse({ ...base, fields: { fullName: 'Apellidos y Nombres', sex: 'SEXO' } });
    const result = parseFile(Buffer.from(' APELLIDOS Y NOMBRES ,Sexo\nAna Peña,F\n'), p);
    assert.deepEqual(mapped(result)[0]?.person, { fullName: 'Ana Peña', sex: 'MUJER', nationalities: ['DESCONOCIDO'], documents: [] });
  });
});

describe('correcting a quarantined row', () => {
  test('the corrected values are mapped again with the same profile', () => {
    const text = 'N° FICHA,NOMBRES,APELLIDO PATERNO,SEXO,FECHA NACIMIENTO,F. INGRESO,DEPARTAMENTO\nCAR-1,ROSA,HUAMÁN,MUJER,31/02/2008,45383,Santa Rosa\n';
    const result = parseFile(Buffer.from(text), profile('mimp-car-sintetico'), { file: 'car.csv', today: TODAY });
    const [row] = quarantined(result);
    assert.ok(row);
    assert.deepEqual(row.problems.map((p) => p.key), ['import.impossibleDate', 'import.placeUnknown']);
    const corrected = { ...row.values, 'FECHA NACIMIENTO': '28/02/2008', DEPARTAMENTO: 'Puno' };
    const outcome = remapRow(profile('mimp-car-sintetico'), corrected, row.source, { today: TODAY });
    assert.equal(outcome.status, 'mapped');
    if (outcome.status !== 'mapped') return;
    assert.deepEqual([outcome.record.person.birthDate, outcome.record.caseFile?.detectionUbigeo, outcome.record.source.recordId, outcome.record.source.line], ['2008-02-28', '21', 'CAR-1', 2]);
    assert.notEqual(outcome.record.source.fingerprint, row.source.fingerprint);
    const still = remapRow(profile('mimp-car-sintetico'), { ...corrected, SEXO: 'Q' }, row.source, { today: TODAY });
    assert.equal(still.status, 'quarantined');
    assert.equal(remapRow(profile('mimp-car-sintetico'), { 'N° FICHA': ' ' }, row.source).status, 'quarantined');
  });
});
