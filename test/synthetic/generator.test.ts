import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CANONICAL_COLUMNS } from '../../src/domain/person-record.ts';
import { isUbigeo } from '../../src/domain/ubigeo.ts';
import { parsePartialDate } from '../../src/domain/dates.ts';
import {
  DEFAULT_AGENCY_PROFILES,
  ERROR_CAUSES,
  generateSyntheticRegistry,
  personAt,
  type SyntheticRecord,
} from '../../src/synthetic/index.ts';

// About 23,000 records: enough for the shares to sit well within their tolerances.
const PERSONS = 10_000;
const records: SyntheticRecord[] = [...generateSyntheticRegistry({ seed: 42, persons: PERSONS })];
const persons = new Map(records.map((r) => [r.truePersonId, r.person]));

function share<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length / items.length;
}

function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual.toFixed(3)} not within ${tolerance} of ${expected}`);
}

describe('synthetic registry: determinism', () => {
  it('gives the same records for the same seed', () => {
    const a = [...generateSyntheticRegistry({ seed: 7, persons: 500 })];
    const b = [...generateSyntheticRegistry({ seed: 7, persons: 500 })];
    assert.deepEqual(a.map((r) => [r.record, r.truePersonId, r.errors]), b.map((r) => [r.record, r.truePersonId, r.errors]));
  });

  it('gives other records for another seed', () => {
    const a = [...generateSyntheticRegistry({ seed: 7, persons: 200 })].map((r) => JSON.stringify(r.record));
    const b = new Set([...generateSyntheticRegistry({ seed: 8, persons: 200 })].map((r) => JSON.stringify(r.record)));
    assert.ok(a.filter((r) => b.has(r)).length < 5);
  });

  it('builds person i the same way whatever the number of persons', () => {
    const small = [...generateSyntheticRegistry({ seed: 3, persons: 10, shuffleWindow: 0 })];
    const large = [...generateSyntheticRegistry({ seed: 3, persons: 50, shuffleWindow: 0 })];
    assert.deepEqual(small.map((r) => r.record), large.slice(0, small.length).map((r) => r.record));
    assert.deepEqual(personAt(3, 5), small.find((r) => r.truePersonId === 'SYN-P-0000006')?.person);
  });
});

describe('synthetic registry: every record says it is synthetic and is well formed', () => {
  it('prefixes record ids with SYN- and keeps them unique', () => {
    assert.ok(records.every((r) => r.record.record_id.startsWith(`SYN-${r.record.source}-`)));
    assert.equal(new Set(records.map((r) => r.record.record_id)).size, records.length);
    assert.ok([...persons.keys()].every((id) => id.startsWith('SYN-P-')));
    assert.equal(persons.size, PERSONS);
  });

  it('fills exactly the canonical columns with strings and valid codes', () => {
    for (const { record } of records.slice(0, 5000)) {
      assert.deepEqual(Object.keys(record), [...CANONICAL_COLUMNS]);
      for (const value of Object.values(record)) assert.equal(typeof value, 'string');
      if (record.birth_date) assert.ok(parsePartialDate(record.birth_date), record.birth_date);
      assert.ok(!(record.birth_date && record.age));
      if (record.department) assert.ok(isUbigeo(record.department), record.department);
      if (record.document_type === 'DNI') assert.match(record.document_number, /^\d{8}$/);
      assert.ok(record.given_names || record.full_name || record.paternal_surname);
    }
  });

  it('only reports known error causes', () => {
    const known = new Set<string>(ERROR_CAUSES);
    for (const r of records) for (const cause of r.errors) assert.ok(known.has(cause), cause);
  });
});

describe('synthetic registry: distributions shaped like the published figures (10k persons, 23k records)', () => {
  const people = [...persons.values()];

  it('about 94 % women by registered sex', () => near(share(people, (p) => p.sex === 'MUJER'), 0.937, 0.015, 'women'));
  it('some trans and non-binary persons', () => {
    const other = share(people, (p) => p.genderIdentity === 'MUJER_TRANS' || p.genderIdentity === 'HOMBRE_TRANS' || p.genderIdentity === 'NO_BINARIE');
    near(other, 0.016, 0.008, 'trans / non-binary');
  });
  it('about 59 % under 18 at detection', () => near(share(people, (p) => p.ageAtDetection < 18), 0.59, 0.025, 'minors'));
  it('about 38 % aged 18–29', () => near(share(people, (p) => p.ageAtDetection >= 18 && p.ageAtDetection <= 29), 0.38, 0.03, '18-29'));
  it('mostly Peruvian with a significant Venezuelan share', () => {
    near(share(people, (p) => p.nationality === 'PER'), 0.84, 0.02, 'PER');
    near(share(people, (p) => p.nationality === 'VEN'), 0.11, 0.015, 'VEN');
    for (const c of ['COL', 'ECU', 'BOL']) assert.ok(people.some((p) => p.nationality === c), c);
  });
  it('Lima, Loreto, Cusco and Madre de Dios first', () => {
    const counts = new Map<string, number>();
    for (const p of people) counts.set(p.detectionDepartment, (counts.get(p.detectionDepartment) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([d]) => d);
    assert.deepEqual(top, ['15', '16', '08', '17']);
    assert.ok(people.every((p) => isUbigeo(p.detectionDistrict) && p.detectionDistrict.length === 6 && p.detectionDistrict.startsWith(p.detectionDepartment)));
  });
  it('recruitment often elsewhere: Cusco and Puno feed Madre de Dios', () => {
    const mdd = people.filter((p) => p.detectionDepartment === '17' && p.nationality === 'PER');
    near(share(mdd, (p) => p.recruitmentDepartment === '08' || p.recruitmentDepartment === '21'), 0.54, 0.06, 'MdD from Cusco/Puno');
  });
  it('sexual exploitation first; men mostly labour', () => {
    near(share(people, (p) => p.exploitationTypes[0] === 'SEXUAL'), 0.63, 0.03, 'sexual');
    const men = people.filter((p) => p.sex === 'HOMBRE' && p.genderIdentity !== 'MUJER_TRANS');
    assert.ok(share(men, (p) => p.exploitationTypes[0] === 'LABORAL' || p.exploitationTypes[0] === 'TRABAJO_INFANTIL') > 0.55);
    assert.ok(people.some((p) => p.exploitationSetting === 'Minería ilegal de oro'));
  });
  it('half the records have no document number', () => near(share(records, (r) => r.record.document_number === ''), 0.5, 0.1, 'no document'));
  it('foreign documents appear for foreigners', () => {
    const types = new Set(records.filter((r) => r.person.nationality === 'VEN').map((r) => r.record.document_type));
    for (const t of ['PTP', 'CPP', 'CARNE_EXTRANJERIA', 'PASAPORTE', 'CEDULA_IDENTIDAD_EXTRANJERA']) assert.ok(types.has(t), t);
  });
  it('Quechua, Aymara, Amazonian and Venezuelan names with realistic frequencies', () => {
    const surnames = people.map((p) => p.paternalSurname);
    const count = (s: string) => surnames.filter((x) => x === s).length;
    // Quispe leads among Peruvians; Mamani is very common too.
    assert.ok(count('Quispe') > count('Torres') && count('Mamani') > count('Torres'));
    for (const s of ['Huamán', 'Condori', 'Ccori', 'Apaza', 'Ticona', 'Chambi', 'González', 'Pinedo']) assert.ok(count(s) > 0, s);
    assert.ok(people.some((p) => p.givenNames === 'María del Carmen'));
    assert.ok(people.some((p) => p.givenNames === 'Yusbelis'));
  });
});

describe('synthetic registry: the same person in several agencies, with variations', () => {
  const people = [...persons.values()];
  const bySource = (source: string) => records.filter((r) => r.record.source === source);

  it('records each person about twice, most of them at PNP, children at MIMP', () => {
    const perPerson = records.length / PERSONS;
    assert.ok(perPerson > 1.8 && perPerson < 2.6, `records per person ${perPerson}`);
    const seenBy = (source: string) => new Set(bySource(source).map((r) => r.truePersonId));
    const pnp = seenBy('PNP');
    assert.ok(pnp.size / PERSONS > 0.7);
    const mimp = [...seenBy('MIMP')].map((id) => persons.get(id));
    assert.ok(share(mimp, (p) => (p?.ageAtDetection ?? 99) < 18) > 0.8);
    assert.ok(seenBy('ONG').size / PERSONS > 0.1);
    assert.ok(seenBy('MP').size / PERSONS > 0.4);
  });

  it('applies every variation, each agency in its own way', () => {
    const causes = new Map<string, number>();
    for (const r of records) for (const c of r.errors) causes.set(c, (causes.get(c) ?? 0) + 1);
    for (const cause of ERROR_CAUSES) assert.ok((causes.get(cause) ?? 0) > 0, `no record shows ${cause}`);
    const pnp = bySource('PNP');
    const mp = bySource('MP');
    near(share(pnp, (r) => r.errors.includes('SECOND_SURNAME_DROPPED')), 0.18, 0.02, 'PNP second surname dropped');
    assert.ok(share(pnp, (r) => r.record.paternal_surname !== '' && r.record.maternal_surname === '') > 0.12);
    assert.ok(share(pnp, (r) => r.errors.includes('UPPER_CASE')) > share(mp, (r) => r.errors.includes('UPPER_CASE')));
    assert.ok(share(bySource('ONG'), (r) => r.record.full_name !== '') > 0.3);
    assert.ok(share(bySource('MIMP'), (r) => r.record.age !== '') > 0.2);
  });

  it('makes the variations visible in the values', () => {
    const sample = (cause: string) => records.filter((r) => r.errors.includes(cause as never)).slice(0, 200);
    for (const r of sample('UPPER_CASE')) {
      for (const v of [r.record.given_names, r.record.paternal_surname, r.record.full_name]) assert.equal(v, v.toUpperCase());
    }
    for (const r of sample('SURNAMES_SWAPPED')) {
      if (!r.errors.some((e) => e.startsWith('TYPO') || e === 'QUECHUA_SPELLING_VARIANT' || e === 'ACCENTS_DROPPED' || e === 'UPPER_CASE' || e === 'FULL_NAME_ONLY' || e === 'SURNAMES_MISSING')) {
        assert.equal(r.record.maternal_surname, r.person.paternalSurname);
      }
    }
    for (const r of sample('DOCUMENT_DIGIT_WRONG')) assert.notEqual(r.record.document_number, r.person.document?.number);
    for (const r of sample('BIRTH_DATE_YEAR_ONLY')) assert.match(r.record.birth_date, /^\d{4}$/);
    for (const r of sample('AGE_ONLY')) assert.match(r.record.age, /^\d+$/);
    const variants = sample('QUECHUA_SPELLING_VARIANT').map((r) => r.record.paternal_surname.toUpperCase() + ' ' + r.record.maternal_surname.toUpperCase());
    assert.ok(variants.some((v) => /QUISPI|GUAM[AÁ]N|WAMAN|MAMANY|CORI|GUANCA/.test(v)), variants.slice(0, 5).join('; '));
    const nicknames = new Set(sample('NICKNAME').map((r) => r.record.given_names.toLowerCase()));
    assert.ok(nicknames.has('charo') || nicknames.has('meche') || nicknames.has('lucho'));
  });

  it('keeps the records of one person apart in the stream', () => {
    let adjacent = 0;
    for (let i = 1; i < records.length; i++) if (records[i]?.truePersonId === records[i - 1]?.truePersonId) adjacent++;
    assert.ok(adjacent / records.length < 0.01, `adjacent ${adjacent}`);
  });

  it('includes siblings and twins: different persons who look alike', () => {
    const siblings = people.filter((p) => p.siblingOf);
    near(siblings.length / people.length, 0.038, 0.01, 'siblings');
    for (const s of siblings.slice(0, 300)) {
      const elder = persons.get(s.siblingOf as string);
      assert.ok(elder && !elder.siblingOf);
      assert.equal(s.paternalSurname, elder.paternalSurname);
      assert.equal(s.maternalSurname, elder.maternalSurname);
      assert.ok(s.twin ? s.birthDate === elder.birthDate : s.birthDate !== elder.birthDate);
      assert.ok(parsePartialDate(s.birthDate) && s.birthDate < s.detectionDate);
    }
    assert.ok(siblings.some((s) => s.twin));
  });

  it('lets the caller choose the agencies', () => {
    const onlyPolice = DEFAULT_AGENCY_PROFILES.filter((a) => a.key === 'PNP');
    const out = [...generateSyntheticRegistry({ seed: 1, persons: 300, agencies: onlyPolice })];
    assert.ok(out.every((r) => r.record.source === 'PNP'));
    assert.equal(new Set(out.map((r) => r.truePersonId)).size, 300);
  });
});
