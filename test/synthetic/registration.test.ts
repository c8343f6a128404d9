import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENTIDAD, TIPO_ORGANIZACION } from '../../src/domain/code-lists.ts';
import { CaseFileInput, PersonInput } from '../../src/domain/schemas.ts';
import { isUbigeo } from '../../src/domain/ubigeo.ts';
import { minorAtDetection } from '../../src/domain/records.ts';
import {
  DEFAULT_AGENCY_PROFILES,
  SYNTHETIC_MARKER,
  demoOrganisations,
  demoUnitFor,
  generateSyntheticRegistry,
  toRegistration,
} from '../../src/synthetic/index.ts';

describe('toRegistration', () => {
  const records = [...generateSyntheticRegistry({ seed: 2024, persons: 3000 })];
  const registrations = records.map(toRegistration);

  it('gives a person and a case file that pass the domain schemas, for every record', () => {
    const failures: string[] = [];
    records.forEach((r, i) => {
      const { person, caseFile } = registrations[i] as ReturnType<typeof toRegistration>;
      const p = PersonInput.safeParse(person);
      const c = CaseFileInput.safeParse(caseFile);
      if (!p.success) failures.push(`${r.record.record_id} person ${JSON.stringify(p.error.issues)}`);
      if (!c.success) failures.push(`${r.record.record_id} case ${JSON.stringify(c.error.issues)}`);
    });
    assert.deepEqual(failures.slice(0, 5), []);
    assert.ok(records.length > 6000);
  });

  it('passes the server cross-checks: child at detection agrees with the recorded birth date or age', () => {
    for (const { person, caseFile } of registrations) {
      const check = minorAtDetection(person, caseFile.detectionDate, caseFile.minorAtDetection);
      assert.equal(check.conflict, false, caseFile.confidentialNotes);
      if (caseFile.statusDeterminedOn) assert.ok(caseFile.statusDeterminedOn >= caseFile.detectionDate);
    }
  });

  it('marks every case file as synthetic and is deterministic', () => {
    for (const r of records.slice(0, 500)) {
      const a = toRegistration(r);
      assert.ok(a.caseFile.confidentialNotes?.startsWith(SYNTHETIC_MARKER));
      assert.deepEqual(toRegistration(r), a);
    }
  });

  it('carries the recorded values, not the truth', () => {
    for (const r of records.slice(0, 500)) {
      const { person } = toRegistration(r);
      assert.equal(person.givenNames ?? '', r.record.given_names);
      assert.equal(person.fullName ?? '', r.record.full_name);
      assert.equal(person.birthDate ?? '', r.record.birth_date);
      assert.equal(person.estimatedAge === undefined ? '' : String(person.estimatedAge), r.record.age);
    }
  });

  it('exercises gender identity, social names, no-document and minors', () => {
    const regs = registrations;
    assert.ok(regs.some((g) => g.person.genderIdentity === 'MUJER_TRANS'));
    assert.ok(regs.some((g) => g.person.socialName));
    assert.ok(regs.some((g) => g.person.documents.some((d) => d.type === 'SIN_DOCUMENTO')));
    assert.ok(regs.some((g) => g.caseFile.minorAtDetection === 'SI') && regs.some((g) => g.caseFile.minorAtDetection === 'NO'));
    assert.ok(regs.some((g) => g.caseFile.traffickingStatus === 'VICTIMA_DETERMINADA' && g.caseFile.statusDeterminedBy));
  });
});

describe('demoOrganisations', () => {
  const organisations = demoOrganisations();

  it('has one organisation per agency of the generator, with valid codes and districts', () => {
    assert.deepEqual(organisations.map((o) => o.key).sort(), DEFAULT_AGENCY_PROFILES.map((a) => a.key).sort());
    for (const o of organisations) {
      assert.ok(TIPO_ORGANIZACION.codes.has(o.orgType), o.orgType);
      assert.ok(ENTIDAD.codes.has(o.entity), o.entity);
      assert.ok(o.units.length > 0);
      for (const u of o.units) assert.ok(u.ubigeo.length === 6 && isUbigeo(u.ubigeo), `${u.name} ${u.ubigeo}`);
      assert.equal(new Set(o.units.map((u) => u.name)).size, o.units.length);
    }
    assert.ok(organisations.some((o) => o.units.some((u) => u.isShelter)));
    assert.ok(organisations.find((o) => o.key === 'ONG')?.name.includes('sintético'));
  });

  it('places each record in a unit of its agency, in its department when there is one', () => {
    const records = [...generateSyntheticRegistry({ seed: 5, persons: 300 })];
    for (const r of records) {
      const unit = demoUnitFor(r);
      assert.ok(unit, r.record.source);
      const organisation = organisations.find((o) => o.key === r.agency);
      assert.ok(organisation?.units.includes(unit));
    }
    const cusco = records.find((r) => r.record.source === 'MIMP' && r.record.department === '08');
    if (cusco) assert.equal(demoUnitFor(cusco)?.name, 'UPE Cusco');
  });
});
