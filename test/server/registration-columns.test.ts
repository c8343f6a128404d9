// A new person and her case file, as bulk writes store them (split and serialised once for the
// registration action and the row), hold exactly what the general path (actionColumns,
// personColumns, caseColumns) writes: the same open parts, and sealed parts that open to the same.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { applyCaseFileAction, applyPersonAction, applyRecordImported, registrationsOfImport, type CaseFileRecord, type PersonRecord, type RecordImportedAction } from '../../src/domain/records.ts';
import { actionColumns, caseColumns, caseRegistrationColumns, importedRecordColumns, openAction, personColumns, personRegistrationColumns, registrationData } from '../../src/server/actions/sealing.ts';
import { MasterKey, Vault } from '../../src/server/crypto/vault.ts';
import { generateSyntheticRegistry, toRegistration } from '../../src/synthetic/index.ts';

const vault = new Vault(new MasterKey(randomBytes(32)), [], randomBytes(32));
const meta = { version: 1, at: '2026-11-27T12:00:00.000Z', actorUserId: randomUUID(), actorUnitId: randomUUID(), agencyId: randomUUID() };

function records(): { person: PersonRecord; caseFile: CaseFileRecord }[] {
  const out: { person: PersonRecord; caseFile: CaseFileRecord }[] = [];
  for (const synthetic of generateSyntheticRegistry({ seed: 5, persons: 40 })) {
    const { person: input, caseFile: caseInput } = toRegistration(synthetic);
    const person = applyPersonAction(undefined, { type: 'person.registered', data: input, entityId: randomUUID(), ...meta });
    const caseFile = applyCaseFileAction(undefined, { type: 'case.registered', data: caseInput, code: 'TP-2026-000001', personId: person.id, registeringUnitId: meta.actorUnitId, entityId: randomUUID(), ...meta });
    out.push({ person, caseFile });
  }
  // One without any identity (a description only) and a case file without secrets.
  const bare = applyPersonAction(undefined, { type: 'person.registered', data: { identificationDescription: 'mujer adulta (sintético)', sex: 'MUJER', nationalities: ['PER'] } as PersonRecord, entityId: randomUUID(), ...meta });
  const { confidentialNotes: _notes, ...open } = out[0]?.caseFile as CaseFileRecord;
  out.push({ person: bare, caseFile: { ...open, id: randomUUID(), personId: bare.id } });
  return out;
}

test('a registration split once stores what the general path stores', () => {
  const rows = records();
  assert.ok(rows.some((r) => r.caseFile.confidentialNotes !== undefined) && rows.some((r) => r.caseFile.confidentialNotes === undefined));
  for (const { person, caseFile } of rows) {
    const key = Vault.newDataKey();
    const reason = 'import:7d0e4f6a-1c2b-4e5f-8a9b-0c1d2e3f4a5b';
    const once = personRegistrationColumns(vault, key, person);
    const action = actionColumns(vault, key, { type: 'person.registered', data: registrationData(person), entityId: person.id, ...meta, reason });
    const row = personColumns(vault, key, person);
    assert.deepEqual(JSON.parse(once.data), row.data);
    assert.deepEqual(JSON.parse(once.payload), action.payload);
    assert.equal(once.actionSealed === null, action.sealed === null);
    const stored = (sealed: Buffer | null, payload: string) => ({ entity_id: person.id, entity_version: 1, action_type: 'person.registered', payload: JSON.parse(payload) as Record<string, unknown>, sealed, reason });
    assert.deepEqual(openAction(vault, key, stored(once.actionSealed, once.payload)), openAction(vault, key, stored(action.sealed, JSON.stringify(action.payload))));
    assert.deepEqual(vault.openJson(key, once.sealed as Buffer, `person:${person.id}`), vault.openJson(key, row.sealed, `person:${person.id}`));

    const caseOnce = caseRegistrationColumns(vault, key, caseFile);
    const caseAction = actionColumns(vault, key, { type: 'case.registered', data: registrationData(caseFile), code: caseFile.code, personId: caseFile.personId, registeringUnitId: caseFile.registeringUnitId, entityId: caseFile.id, ...meta, reason });
    const caseRow = caseColumns(vault, key, caseFile);
    assert.deepEqual(JSON.parse(caseOnce.data), caseRow.data);
    assert.deepEqual(JSON.parse(caseOnce.payload), caseAction.payload);
    assert.equal(caseOnce.sealed === null, caseRow.sealed === null);
    assert.equal(caseOnce.actionSealed === null, caseAction.sealed === null);
    if (caseOnce.sealed && caseRow.sealed) assert.deepEqual(vault.openJson(key, caseOnce.sealed, `case:${caseFile.id}`), vault.openJson(key, caseRow.sealed, `case:${caseFile.id}`));
    const caseStored = (sealed: Buffer | null, payload: string) => ({ entity_id: caseFile.id, entity_version: 1, action_type: 'case.registered', payload: JSON.parse(payload) as Record<string, unknown>, sealed, reason });
    assert.deepEqual(openAction(vault, key, caseStored(caseOnce.actionSealed, caseOnce.payload)), openAction(vault, key, caseStored(caseAction.sealed, JSON.stringify(caseAction.payload))));
  }
});

test('an imported row, one record.imported action, opens to both registrations and derives the same records', () => {
  const rows = records();
  const reason = 'import:7d0e4f6a-1c2b-4e5f-8a9b-0c1d2e3f4a5b';
  const origin = { batchId: '7d0e4f6a-1c2b-4e5f-8a9b-0c1d2e3f4a5b', rowNumber: 7 };
  for (const [i, { person, caseFile }] of rows.entries()) {
    const key = Vault.newDataKey();
    const extra = i % 2 === 0 ? { investigation: { complaintNumber: 'SIN-1' } } : undefined;
    const withCase = i !== 1;
    const cols = importedRecordColumns(vault, key, person, withCase ? caseFile : undefined, origin, extra);
    // The rows are those of the registrations.
    const row = personColumns(vault, key, person);
    assert.deepEqual(JSON.parse(cols.person.data), row.data);
    assert.deepEqual(vault.openJson(key, cols.person.sealed, `person:${person.id}`), vault.openJson(key, row.sealed, `person:${person.id}`));
    if (withCase) {
      const caseRow = caseColumns(vault, key, caseFile);
      assert.deepEqual(JSON.parse(cols.caseFile?.data ?? 'null'), caseRow.data);
      assert.equal(cols.caseFile?.sealed === null, caseRow.sealed === null);
      if (caseRow.sealed && cols.caseFile?.sealed) assert.deepEqual(vault.openJson(key, cols.caseFile.sealed, `case:${caseFile.id}`), vault.openJson(key, caseRow.sealed, `case:${caseFile.id}`));
    } else assert.equal(cols.caseFile, undefined);
    // The action: nothing identifying in its open part; opened, it carries both registrations' content.
    const payload = JSON.parse(cols.payload) as Record<string, unknown>;
    assert.deepEqual(payload.import, origin);
    assert.equal(payload.extra, undefined);
    if (person.givenNames) assert.ok(!cols.payload.includes(person.givenNames), 'her name is sealed');
    if (withCase && caseFile.confidentialNotes) assert.ok(!cols.payload.includes(caseFile.confidentialNotes), 'the case file\'s notes are sealed');
    const opened = openAction(vault, key, { entity_id: person.id, entity_version: 1, action_type: 'record.imported', payload, sealed: cols.actionSealed, reason });
    assert.equal(opened.reason, reason);
    assert.deepEqual(opened.payload.extra, extra);
    const action = { ...opened.payload, type: 'record.imported', entityId: person.id, ...meta, reason } as unknown as RecordImportedAction;
    const derived = applyRecordImported(action);
    assert.deepEqual(derived.person, person);
    assert.deepEqual(derived.caseFile, withCase ? caseFile : undefined);
    const registrations = registrationsOfImport(action);
    assert.deepEqual(registrations.person, { type: 'person.registered', data: registrationData(person), entityId: person.id, ...meta, reason });
    if (withCase) assert.deepEqual(registrations.caseFile, { type: 'case.registered', data: registrationData(caseFile), code: caseFile.code, personId: person.id, registeringUnitId: caseFile.registeringUnitId, entityId: caseFile.id, ...meta, reason });
  }
});
