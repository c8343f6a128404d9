import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SEXO, TIPO_DOCUMENTO, TIPO_EXPLOTACION } from '../../src/domain/code-lists.ts';
import { ineiFromReniec } from '../../src/domain/ubigeo.ts';
import { CodeLookup, countryCode, offenceFromArticle } from '../../src/importers/codes.ts';
import { excelSerialToDay, readDate, type DateFormat } from '../../src/importers/dates.ts';
import { IMPORT_MESSAGES_FOR_TEST, bilingual } from '../../src/importers/messages.ts';
import { readPlace, readPlaceCode, readPlaceText } from '../../src/importers/places.ts';
import { looksLikeFormula, matchKey, neutraliseFormula } from '../../src/importers/text.ts';

const ALL: DateFormat[] = ['DMY', 'ISO', 'EXCEL_SERIAL', 'AGE'];
const at2026 = { formats: ALL, today: '2026-11-27' };

function date(text: string, options: { formats?: DateFormat[]; twoDigitYearPivot?: number; date1904?: boolean } = {}): string | number {
  const reading = readDate(text, { ...at2026, ...options });
  return reading.ok ? reading.value : reading.key;
}

describe('dates', () => {
  test('DD/MM/YYYY and its variants', () => {
    assert.equal(date('03/04/2007'), '2007-04-03');
    assert.equal(date('3/4/2007'), '2007-04-03');
    assert.equal(date('03-04-2007'), '2007-04-03');
    assert.equal(date('03.04.2007'), '2007-04-03');
    assert.equal(date(' 29/02/2008 '), '2008-02-29');
    assert.equal(date('03/04/2007 00:00:00'), '2007-04-03');
    assert.equal(date('03/04/2007 10:30 p. m.'), '2007-04-03');
    assert.equal(date('04/2007'), '2007-04');
  });

  test('D/M/YY with the pivot: never in the future by default, or as the profile fixes it', () => {
    assert.equal(date('1/2/09'), '2009-02-01');
    assert.equal(date('1/2/26'), '2026-02-01');
    assert.equal(date('1/2/27'), '1927-02-01');
    assert.equal(date('1/2/99'), '1999-02-01');
    assert.equal(date('1/2/27', { twoDigitYearPivot: 30 }), '2027-02-01');
    assert.equal(date('1/2/31', { twoDigitYearPivot: 30 }), '1931-02-01');
  });

  test('month first only when the profile says MDY', () => {
    assert.equal(date('12/31/1999', { formats: ['MDY'] }), '1999-12-31');
    assert.equal(date('12/31/1999', { formats: ['DMY'] }), 'import.impossibleDate');
  });

  test('ISO: day, month, year; with a time part', () => {
    assert.equal(date('2007-04-03'), '2007-04-03');
    assert.equal(date('2007/4/3'), '2007-04-03');
    assert.equal(date('2007-04'), '2007-04');
    assert.equal(date('2007'), '2007');
    assert.equal(date('2007-04-03T10:00:00Z'), '2007-04-03');
    assert.equal(date('2007-04-03T10:00:00-05:00'), '2007-04-03');
  });

  test('impossible dates are errors, not rolled over', () => {
    for (const bad of ['31/02/2001', '29/02/2001', '00/01/2001', '31/04/2020', '01/13/2020', '2001-02-30', '2001-13', '13/2020']) {
      assert.equal(date(bad), 'import.impossibleDate', bad);
    }
  });

  test('Excel serials: the 1900 system with its leap-year bug, and the 1904 system', () => {
    assert.equal(excelSerialToDay(1), '1900-01-01');
    assert.equal(excelSerialToDay(59), '1900-02-28');
    assert.equal(excelSerialToDay(60), undefined);
    assert.equal(excelSerialToDay(61), '1900-03-01');
    assert.equal(excelSerialToDay(36526), '2000-01-01');
    assert.equal(excelSerialToDay(45383), '2024-04-01');
    assert.equal(excelSerialToDay(45383.99), '2024-04-01');
    assert.equal(excelSerialToDay(0, true), '1904-01-01');
    assert.equal(excelSerialToDay(34064, true), '1997-04-06');
    assert.equal(excelSerialToDay(0), undefined);
    assert.equal(date('45383'), '2024-04-01');
    assert.equal(date('45383.5'), '2024-04-01');
    assert.equal(date('60', { formats: ['EXCEL_SERIAL'] }), 'import.excelLeapBug');
    assert.equal(date('34064', { date1904: true }), '1997-04-06');
    assert.equal(date('99999999'), 'import.date');
  });

  test('ages: a small whole number in a date column is an age when the profile allows it', () => {
    assert.equal(date('17'), 17);
    assert.equal(date('0'), 0);
    assert.equal(date('17 años'), 17);
    assert.equal(date('17 AÑOS'), 17);
    assert.equal(date('17.0'), 17);
    assert.equal(date('121'), 'import.age');
    assert.equal(date('17', { formats: ['DMY', 'ISO'] }), 'import.date');
    assert.equal(date('17', { formats: ['EXCEL_SERIAL'] }), '1900-01-17');
    // A four-digit number is a year, not an age or a serial.
    assert.equal(date('1990'), '1990');
  });

  test('unrecognised text names the accepted formats', () => {
    const reading = readDate('ayer', at2026);
    assert.equal(reading.ok, false);
    if (!reading.ok) {
      assert.equal(reading.key, 'import.date');
      assert.equal(bilingual(reading.key, reading.params).en, 'Unrecognised date: "ayer" (accepted formats: DMY, ISO, EXCEL_SERIAL, AGE).');
    }
  });
});

describe('codes', () => {
  const read = (lookup: CodeLookup, value: string) => {
    const r = lookup.read(value);
    return r.ok ? r.code : r.key;
  };

  test('sex in Spanish and English variants; blanks and "no data" are unknown', () => {
    const sex = new CodeLookup('sex', SEXO);
    for (const v of ['F', 'f', 'MUJER', 'Mujer', 'FEMENINO', 'femenino', 'Femenina', 'FEM', 'Female', 'niña']) assert.equal(read(sex, v), 'MUJER', v);
    for (const v of ['M', 'HOMBRE', 'MASCULINO', 'masculino', 'Varón', 'VARON', 'H', 'male']) assert.equal(read(sex, v), 'HOMBRE', v);
    for (const v of ['', 'S/D', 'N.D.', 'SIN DATO', 'no registra', '-', 'DESCONOCIDO']) assert.equal(read(sex, v), 'DESCONOCIDO', v);
    assert.equal(read(sex, 'INTERSEXUAL'), 'INTERSEX');
    assert.equal(read(sex, 'Z'), 'import.code');
  });

  test('a profile table wins over the built-in variants', () => {
    const sex = new CodeLookup('sex', SEXO, { '1': 'HOMBRE', '2': 'MUJER', M: 'MUJER' });
    assert.deepEqual(['1', '2', 'M', 'F'].map((v) => read(sex, v)), ['HOMBRE', 'MUJER', 'MUJER', 'MUJER']);
  });

  test('document types as people write them', () => {
    const type = new CodeLookup('documentType', TIPO_DOCUMENTO);
    const cases: [string, string][] = [
      ['DNI', 'DNI'], ['D.N.I.', 'DNI'], ['dni', 'DNI'], ['CE', 'CARNE_EXTRANJERIA'], ['C.E.', 'CARNE_EXTRANJERIA'],
      ['Carné de Extranjería', 'CARNE_EXTRANJERIA'], ['CARNET DE EXTRANJERIA', 'CARNE_EXTRANJERIA'], ['PASAPORTE', 'PASAPORTE'],
      ['Pasaporte', 'PASAPORTE'], ['PTP', 'PTP'], ['CPP', 'CPP'], ['Cédula', 'CEDULA_IDENTIDAD_EXTRANJERA'],
      ['PARTIDA DE NACIMIENTO', 'PARTIDA_NACIMIENTO'], ['SIN DOCUMENTO', 'SIN_DOCUMENTO'], ['Indocumentada', 'SIN_DOCUMENTO'],
      ['CARNE_SOLICITANTE_REFUGIO', 'CARNE_SOLICITANTE_REFUGIO'], ['Carné de refugiado', 'CARNE_REFUGIADO'],
    ];
    for (const [text, code] of cases) assert.equal(read(type, text), code, text);
    assert.equal(read(type, 'LICENCIA'), 'import.documentType');
  });

  test('forms of exploitation: codes, labels, and police wording', () => {
    const types = new CodeLookup('exploitationTypes', TIPO_EXPLOTACION);
    const cases: [string, string][] = [
      ['EXPLOTACION SEXUAL', 'SEXUAL'], ['Explotación sexual', 'SEXUAL'], ['explotacion_sexual', 'SEXUAL'], ['SEXUAL', 'SEXUAL'],
      ['EXPLOTACIÓN LABORAL', 'LABORAL'], ['Trabajo forzoso', 'LABORAL'], ['Mendicidad forzada', 'MENDICIDAD'],
      ['Forced begging', 'MENDICIDAD'], ['VENTA DE NIÑOS', 'VENTA_NNA'], ['Extracción de órganos', 'EXTRACCION_ORGANOS'],
    ];
    for (const [text, code] of cases) assert.equal(read(types, text), code, text);
  });

  test('offences: current articles and legacy numbering (§7.13)', () => {
    const cases: [string, string | undefined][] = [
      ['Art. 153', 'ART_129A'], ['ART 153', 'ART_129A'], ['153', 'ART_129A'], ['Art. 153-A', 'ART_129B'], ['153-B', 'ART_129C'],
      ['153-C', 'ART_129NN'], ['Artículo 153-I', 'ART_129K'], ['168-B', 'ART_129O'], ['179-A CP', 'ART_129J'], ['Art. 182', 'ART_129A'],
      ['129-A', 'ART_129A'], ['Art. 129-A C.P.', 'ART_129A'], ['LEG_153A', 'ART_129B'], ['Art. N° 153', 'ART_129A'], ['129-N', 'ART_129N'], ['Art. 129-M', 'ART_129M'], ['129 A', 'ART_129A'], ['129-Ñ', 'ART_129NN'], ['ART_129O', 'ART_129O'],
      ['303-A', 'TRAFICO_ILICITO_MIGRANTES'], ['303-B', 'TRAFICO_ILICITO_MIGRANTES'], ['129-Z', undefined], ['Art. 200', undefined],
    ];
    for (const [text, code] of cases) assert.equal(offenceFromArticle(text), code, text);
  });

  test('countries and nationalities: ISO codes, names, demonyms', () => {
    const cases: [string, string | undefined][] = [
      ['PER', 'PER'], ['pe', 'PER'], ['Perú', 'PER'], ['PERU', 'PER'], ['peruana', 'PER'], ['PERUANO', 'PER'],
      ['VENEZOLANA', 'VEN'], ['Venezuela', 'VEN'], ['colombiano', 'COL'], ['ECUATORIANA', 'ECU'], ['Bolivia', 'BOL'],
      ['china', 'CHN'], ['Española', 'ESP'], ['estadounidense', 'USA'], ['Haitiana', 'HTI'], ['Marciana', undefined],
    ];
    for (const [text, code] of cases) assert.equal(countryCode(text), code, text);
  });
});

describe('places', () => {
  const place = (text: string, level: 'department' | 'province' | 'district' | 'any' = 'any', codes: 'NAME' | 'INEI' | 'RENIEC' | 'AUTO' = 'AUTO') => {
    const r = readPlaceText(text, level, codes);
    return r.ok ? r.ubigeo : r.key;
  };

  test('INEI codes, with the leading zero a spreadsheet dropped', () => {
    assert.equal(place('030101'), '030101');
    assert.equal(place('30101'), '030101');
    assert.equal(place('17'), '17');
    assert.equal(place('1701'), '1701');
    assert.equal(place('999999'), 'import.ubigeoUnknown');
  });

  test('RENIEC codes are converted (they differ from INEI in most rows)', () => {
    // Tambopata: INEI 170101, RENIEC 160101. Madre de Dios: INEI 17, RENIEC 16. Callao: INEI 07, RENIEC 24.
    assert.equal(ineiFromReniec('160101'), '170101');
    assert.equal(place('160101', 'any', 'RENIEC'), '170101');
    assert.equal(place('1601', 'any', 'RENIEC'), '1701');
    assert.equal(place('16', 'any', 'RENIEC'), '17');
    assert.equal(place('24', 'any', 'RENIEC'), '07');
    assert.equal(place('160101', 'any', 'INEI'), '160101');
    assert.equal(readPlaceCode('990101', 'RENIEC').ok, false);
  });

  test('names with or without accents, any case; department names name the department', () => {
    assert.equal(place('MADRE DE DIOS'), '17');
    assert.equal(place('madre de dios'), '17');
    assert.equal(place('Apurímac'), '03');
    assert.equal(place('APURIMAC'), '03');
    assert.equal(place('Lima'), '15');
    assert.equal(place('Cuzco'), '08');
    assert.equal(place('Departamento de Loreto'), '16');
  });

  test('a province and its capital district of the same name: the district; a capital town: its district', () => {
    assert.equal(place('Tambopata'), '170101');
    assert.equal(place('Puerto Maldonado'), '170101');
    assert.equal(place('PUERTO MALDONADO'), '170101');
    assert.equal(place('Iquitos'), '160101');
    assert.equal(place('Chimbote'), '021801');
    assert.equal(place('Juliaca'), '211101');
    assert.equal(place('Pucallpa'), '250101');
    assert.equal(place('Rupa-Rupa'), '100601');
  });

  test('levels: a department column matches only departments; a district column also capitals', () => {
    assert.equal(place('Tambopata', 'department'), 'import.placeUnknown');
    assert.equal(place('Tambopata', 'province'), '1701');
    assert.equal(place('Puerto Maldonado', 'district'), '170101');
    assert.equal(place('Madre de Dios', 'district'), '170203');
  });

  test('ambiguous names list their candidates; parts narrow them down', () => {
    const r = readPlaceText('Santa Rosa', 'any');
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.key, 'import.placeAmbiguous');
      assert.match(r.params.candidates ?? '', /Lima \/ Lima \/ Santa Rosa \(150139\)/);
      assert.match(r.params.candidates ?? '', /Puno \/ Melgar \/ Santa Rosa \(210808\)/);
      assert.match(bilingual(r.key, r.params).es, /^Lugar ambiguo: «Santa Rosa» puede ser /);
    }
    assert.equal(place('Santa Rosa, Lima'), '150139');
    assert.equal(place('SANTA ROSA - MELGAR - PUNO'), '210808');
    assert.equal(place('Tambopata / Madre de Dios'), '170101');
    assert.equal(place('Ananea / San Antonio de Putina / Puno'), '211002');
    assert.equal(place('Santa Rosa, Cusco'), 'import.placeMismatch');
    assert.equal(place('Narnia'), 'import.placeUnknown');
  });

  test('separate department, province and district columns', () => {
    const r = readPlace([{ value: 'PUNO', level: 'department' }, { value: 'MELGAR', level: 'province' }, { value: 'SANTA ROSA', level: 'district' }]);
    assert.deepEqual(r, { ok: true, ubigeo: '210808' });
    assert.deepEqual(readPlace([{ value: 'LIMA', level: 'department' }, { value: '', level: 'province' }, { value: '', level: 'district' }]), { ok: true, ubigeo: '15' });
  });
});

describe('formula injection', () => {
  test('what looks like a formula', () => {
    for (const v of ['=HYPERLINK("http://x","clic")', '=1+1', '@SUM(A1)', '+cmd|" /C calc"!A0', '-2+3+cmd|x', '\t=1', '\r=1', '  =1', '＝1']) {
      assert.equal(looksLikeFormula(v), true, JSON.stringify(v));
    }
    for (const v of ['', 'Ana', '+51 987 654 321', '-12', '-', '2024-01-01', 'a=b', '(01) 234-5678']) assert.equal(looksLikeFormula(v), false, JSON.stringify(v));
  });

  test('neutraliseFormula prefixes a quote; other values pass unchanged', () => {
    assert.equal(neutraliseFormula('=HYPERLINK("http://x")'), `'=HYPERLINK("http://x")`);
    assert.equal(neutraliseFormula('+51 987'), `'+51 987`);
    assert.equal(neutraliseFormula('@x'), `'@x`);
    assert.equal(neutraliseFormula('\t=1'), `'\t=1`);
    assert.equal(neutraliseFormula(' =1'), `' =1`);
    assert.equal(neutraliseFormula('María'), 'María');
    assert.equal(neutraliseFormula(''), '');
  });
});

describe('messages', () => {
  test('every import message exists in Spanish and English, with the same parameters', () => {
    const { es, en } = IMPORT_MESSAGES_FOR_TEST;
    assert.deepEqual(Object.keys(es).sort(), Object.keys(en).sort());
    for (const key of Object.keys(es)) {
      const params = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      assert.deepEqual(params(es[key] as string), params(en[key] as string), key);
    }
  });

  test('field names are translated inside messages', () => {
    const text = bilingual('import.code', { value: 'Z', field: 'sex' });
    assert.equal(text.es, 'Valor «Z» no previsto para sexo; añádalo al perfil.');
    assert.equal(text.en, 'Value "Z" is not expected for sex; add it to the profile.');
  });

  test('match keys ignore accents, case, dots and punctuation', () => {
    assert.equal(matchKey(' Carné de  Extranjería '), 'CARNE DE EXTRANJERIA');
    assert.equal(matchKey('C.E.'), 'CE');
    assert.equal(matchKey('N° DENUNCIA'), 'N DENUNCIA');
  });
});
