import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSyntheticRegistry } from '../../src/synthetic/index.ts';
import { linkRecords } from '../../src/linkage/pipeline.ts';
import { LinkageIndex } from '../../src/linkage/linkage-index.ts';
import { explainPair } from '../../src/linkage/model.ts';
import type { LinkageInput } from '../../src/linkage/record.ts';

// A background population (synthetic, invented) so the model has something to learn from.
// Persons with these surnames are left out, so the example's outcome does not depend on
// whether the generator happened to invent another María Quispe Huamán.
const EXAMPLE_SURNAMES = /QUISP|HUAM|GUAM|WAMAN/i;
const background: LinkageInput[] = [...generateSyntheticRegistry({ seed: 11, persons: 500 })]
  .map((r) => r.record)
  .filter((r) => !EXAMPLE_SURNAMES.test(`${r.given_names} ${r.paternal_surname} ${r.maternal_surname} ${r.full_name}`.normalize('NFKD')));
const carmen: LinkageInput[] = [
  { source: 'PNP', record_id: 'EX-1', given_names: 'María del Carmen', paternal_surname: 'Quispe', maternal_surname: 'Huamán', sex: 'MUJER', birth_date: '2004-03-12', department: '08' },
  { source: 'MP', record_id: 'EX-2', full_name: 'Carmen QUISPE', sex: 'MUJER', birth_date: '2004-03', department: '08' },
  { source: 'ONG', record_id: 'EX-3', given_names: 'Maria', paternal_surname: 'Quispi', maternal_surname: 'Guaman', sex: 'MUJER', age: '19', department: '08' },
];
const other: LinkageInput = { source: 'MP', record_id: 'EX-4', given_names: 'Rosa', paternal_surname: 'Mamani', maternal_surname: 'Torres', sex: 'MUJER', birth_date: '1980-11-02', department: '21' };

test('María del Carmen Quispe Huamán / Carmen QUISPE / Maria Quispi Guaman link as one person', async () => {
  const result = await linkRecords([...background, ...carmen, other], { prepare: { referenceYear: 2026 } });
  const at = background.length;
  const person = result.clusterOf[at];
  assert.equal(result.clusterOf[at + 1], person);
  assert.equal(result.clusterOf[at + 2], person);
  assert.notEqual(result.clusterOf[at + 3], person);
  // Every record gets a person; explanations name each field.
  assert.equal(result.clusterOf.length, background.length + 4);
  const explained = explainPair(result.model, result.records[at]!, result.records[at + 2]!);
  assert.ok(explained.probability > 0.5);
  assert.deepEqual(
    explained.fields.map((f) => f.comparison).slice(0, 4),
    ['given_names', 'surnames', 'birth_date', 'document'],
  );
  const surnameField = explained.fields.find((f) => f.comparison === 'surnames');
  assert.equal(surnameField?.level, 'phonetic equal');
  assert.ok((surnameField?.weight ?? 0) > 0);

  // Incremental: the same records against an index built from the batch.
  const index = new LinkageIndex(result.model, { prepare: { referenceYear: 2026 } });
  for (const r of background) index.add(r);
  index.add(carmen[0]!);
  index.add(other);
  const scored = index.score(carmen[2]!);
  assert.equal(scored[0]?.recordId, 'EX-1');
  assert.ok((scored[0]?.probability ?? 0) > 0.5);
  assert.ok(!scored.some((s) => s.recordId === 'EX-4' && s.probability > 0.5));
  assert.ok(index.candidates(carmen[1]!).includes(background.length));
});

test('a corrected record replaces its earlier version in the index, and is never its own candidate', async () => {
  const result = await linkRecords([...background, ...carmen, other], { prepare: { referenceYear: 2026 } });
  const index = new LinkageIndex(result.model, { prepare: { referenceYear: 2026 } });
  for (const r of background) index.add(r);
  const typo = { ...carmen[0]!, given_names: 'Mria del Carmen', birth_date: '2004-12-03' };
  const first = index.add(typo);
  const corrected = index.add(carmen[0]!);
  assert.equal(index.size, background.length + 1);
  assert.ok(index.has('PNP', 'EX-1'));
  // The NGO's record finds the corrected version only.
  const found = index.candidates(carmen[2]!);
  assert.ok(found.includes(corrected));
  assert.ok(!found.includes(first));
  // The police record itself, arriving again, is not offered as a match with itself.
  assert.ok(!index.score(carmen[0]!).some((s) => s.recordId === 'EX-1'));
});

test('a record of a transaction still open is found by that transaction only; committed, by all', async () => {
  const result = await linkRecords([...background, ...carmen, other], { prepare: { referenceYear: 2026 } });
  const index = new LinkageIndex(result.model, { prepare: { referenceYear: 2026 } });
  for (const r of background) index.add(r);
  const committed = index.add(carmen[0]!);
  const shelter: LinkageInput = { ...carmen[0]!, source: 'MIMP', record_id: 'EX-5' };
  const ownTransaction = new Set<number>();
  const pending = index.addTentative(carmen[2]!);
  ownTransaction.add(pending);
  // Another request meanwhile: it must not propose a match with a person that may never exist.
  assert.ok(!index.candidates(shelter).includes(pending));
  assert.ok(index.candidates(shelter).includes(committed));
  assert.ok(!index.has('ONG', 'EX-3'));
  // The same transaction's next record (a file naming her twice) finds it.
  assert.ok(index.candidates(shelter, ownTransaction).includes(pending));
  // A tentative correction neither hides the committed version from others nor finds itself.
  const correction = index.addTentative({ ...carmen[0]!, given_names: 'María Carmen' });
  ownTransaction.add(correction);
  assert.ok(index.candidates(shelter).includes(committed));
  assert.ok(!index.candidates(carmen[0]!, ownTransaction).includes(correction));
  // Committed: everyone finds it; the correction, committed, replaces the earlier version.
  index.commit(pending);
  index.commit(correction);
  const found = index.candidates(shelter);
  assert.ok(found.includes(pending) && found.includes(correction) && !found.includes(committed));
  assert.equal(index.size, background.length + 2);
  // A transaction that rolled back is forgotten: not even its own queries find its record again,
  // and forgetting a committed record does nothing.
  const abandoned = index.addTentative({ ...carmen[2]!, record_id: 'EX-6' });
  assert.ok(index.candidates(shelter, new Set([abandoned])).includes(abandoned));
  index.forget(abandoned);
  index.forget(pending);
  assert.ok(!index.candidates(shelter, new Set([abandoned])).includes(abandoned));
  assert.ok(index.candidates(shelter).includes(pending));
});

test('with skipDistantBirths, a namesake born years apart is not scored, unless a document or phone is alike', async () => {
  const result = await linkRecords([...background, ...carmen, other], { prepare: { referenceYear: 2026 } });
  const arriving: LinkageInput = { source: 'ONG', record_id: 'EX-6', given_names: 'María del Carmen', paternal_surname: 'Quispe', maternal_surname: 'Huamán', sex: 'MUJER', birth_date: '2004-03-12', document_type: 'DNI', document_number: '71234567' };
  // Her namesake, born 30 years before her; and the same namesake with her DNI (one digit wrong), or her phone.
  const namesake: LinkageInput = { ...arriving, source: 'PNP', record_id: 'EX-7', birth_date: '1974-08-30', document_number: '' };
  const withDocument: LinkageInput = { ...namesake, record_id: 'EX-8', document_number: '71234568' };
  const withPhone: LinkageInput = { ...namesake, record_id: 'EX-9', phone: '987654321' };
  const scoredIn = (options: { skipDistantBirths?: boolean }) => {
    const index = new LinkageIndex(result.model, { prepare: { referenceYear: 2026 }, ...options });
    for (const r of [...background, namesake, withDocument, withPhone]) index.add(r);
    return index.score({ ...arriving, phone: '987654321' }, 0).map((s) => s.recordId);
  };
  const every = scoredIn({});
  assert.ok(['EX-7', 'EX-8', 'EX-9'].every((id) => every.includes(id)), 'without the option every namesake is scored');
  const skipping = scoredIn({ skipDistantBirths: true });
  assert.ok(!skipping.includes('EX-7'), 'the namesake born 30 years before is not scored');
  assert.ok(skipping.includes('EX-8') && skipping.includes('EX-9'), 'a document or phone alike keeps her');
});
