// The case-file policy on the three axes: permission, reach (unit, jurisdiction, agency, shared)
// and field groups.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor } from '../actor.ts';
import { abilities, caseFilePolicy, groupsOf, inReach, type CaseTarget } from './case-files.ts';

const actor = (roles: string[], over: Partial<Actor> = {}): Actor => ({ userId: 'u1', unitId: 'unitA', agencyId: 'pnp', agencyKey: 'PNP', roles, username: 'x', unitUbigeo: '150101', ...over });
const sameUnit: CaseTarget = { ownerAgencyId: 'pnp', registeringUnitId: 'unitA', detectionUbigeo: '150101' };
const sameDepartment: CaseTarget = { ownerAgencyId: 'pnp', registeringUnitId: 'unitB', detectionUbigeo: '150132' };
const otherUnit: CaseTarget = { ownerAgencyId: 'pnp', registeringUnitId: 'unitC', detectionUbigeo: '080101' };
const otherAgency: CaseTarget = { ownerAgencyId: 'ong', registeringUnitId: 'unitD', detectionUbigeo: '160101' };

test('reach: a unit role reaches its unit only, an agency role its whole agency, nobody another agency', () => {
  assert.equal(inReach(actor(['PNP_REGISTRO']), sameUnit), true);
  assert.equal(inReach(actor(['PNP_REGISTRO']), sameDepartment), false);
  assert.equal(inReach(actor(['PNP_INVESTIGADOR']), otherUnit), true);
  for (const roles of [['PNP_INVESTIGADOR'], ['MP_UDAVIT'], ['SUPERVISOR', 'FISCAL']]) assert.equal(inReach(actor(roles), otherAgency), false);
  assert.equal(caseFilePolicy.can(actor(['ONG_GESTOR']), 'read', otherAgency), false);
});

test('an administrator reads no case content', () => {
  assert.deepEqual(Object.values(abilities(actor(['ADMIN']), sameUnit)).filter(Boolean), []);
});

test('a shelter reads its residents but changes nothing of the case core', () => {
  const shelter = actor(['ALBERGUE']);
  assert.equal(caseFilePolicy.can(shelter, 'read', sameUnit), true);
  assert.equal(caseFilePolicy.can(shelter, 'update', sameUnit), false);
  assert.equal(caseFilePolicy.can(shelter, 'read', otherUnit), false);
});

test('closing needs the close permission: the police registrar moves a file but does not close it', () => {
  assert.equal(caseFilePolicy.can(actor(['PNP_REGISTRO']), 'transition', sameUnit), true);
  assert.equal(caseFilePolicy.can(actor(['PNP_REGISTRO']), 'close', sameUnit), false);
  assert.equal(caseFilePolicy.can(actor(['PNP_REGISTRO', 'SUPERVISOR']), 'close', sameUnit), true);
});

test('a shared record opens only the shared groups the role may read there, and never G6', () => {
  const shared: CaseTarget = { ...otherAgency, shares: [{ agencyId: 'pnp', basis: 'CONSENT', groups: ['G1', 'G2', 'G3', 'G6'] }] };
  const police = actor(['PNP_INVESTIGADOR']);
  assert.deepEqual([...groupsOf(police, shared)].sort(), ['G1', 'G2']);
  assert.equal(caseFilePolicy.can(police, 'read', shared), true);
  assert.equal(caseFilePolicy.can(police, 'update', shared), false);
  // The lifecycle stays with the owner.
  assert.equal(caseFilePolicy.can(actor(['ONG_GESTOR'], { agencyId: 'pnp' }), 'transition', shared), false);
  // A share for another agency opens nothing.
  assert.equal(caseFilePolicy.can(actor(['PNP_INVESTIGADOR'], { agencyId: 'mp' }), 'read', shared), false);
});

test('a care agency receiving a referral writes the referred care, not the owner\'s core, and reads no raw notes', () => {
  const referred: CaseTarget = { ...otherAgency, ownerAgencyId: 'pnp', shares: [{ agencyId: 'ong', basis: 'REFERRAL', groups: ['G1', 'G2', 'G3', 'G5'], writable: true }] };
  const ngo = actor(['ONG_GESTOR'], { agencyId: 'ong', unitId: 'unitD' });
  assert.equal(caseFilePolicy.can(ngo, 'writeCare', referred), true);
  assert.equal(caseFilePolicy.can(ngo, 'update', referred), false);
  assert.equal(caseFilePolicy.can(ngo, 'updatePerson', referred), false);
  assert.equal(groupsOf(ngo, referred).has('G3'), false);
});

test('a read-only share opens reading only, whatever the receiver\'s role may write on shared records', () => {
  const readOnly: CaseTarget = { ...otherAgency, ownerAgencyId: 'pnp', shares: [{ agencyId: 'ong', basis: 'CONSENT', groups: ['G1', 'G2', 'G5'] }] };
  const ngo = actor(['ONG_GESTOR'], { agencyId: 'ong', unitId: 'unitD' });
  assert.deepEqual([...groupsOf(ngo, readOnly, 'read')].sort(), ['G1', 'G2', 'G5']);
  assert.deepEqual([...groupsOf(ngo, readOnly, 'write')], []);
  assert.equal(caseFilePolicy.can(ngo, 'writeCare', readOnly), false);
  assert.equal(caseFilePolicy.can(ngo, 'readCare', readOnly), true);
  assert.equal(caseFilePolicy.can(ngo, 'writeCare', { ...readOnly, shares: [{ agencyId: 'ong', basis: 'CONSENT', groups: ['G5'], writable: true }] }), true);
});

test('breaking the glass opens reading for that user only, never writing', () => {
  const glass: CaseTarget = { ...otherAgency, shares: [{ agencyId: 'pnp', userId: 'dpo', basis: 'BREAK_GLASS', groups: ['G1', 'G2'] }] };
  const dpo = actor(['OFICIAL_DATOS'], { userId: 'dpo' });
  assert.equal(caseFilePolicy.can(dpo, 'read', glass), true);
  assert.equal(caseFilePolicy.can(dpo, 'readIdentity', glass), true);
  assert.equal(caseFilePolicy.can(dpo, 'update', glass), false);
  assert.equal(caseFilePolicy.can(actor(['OFICIAL_DATOS'], { userId: 'colleague' }), 'read', glass), false);
});

test('authorize answers 404 when the record is out of sight and 403 when it is seen but the act is not allowed', () => {
  assert.throws(() => caseFilePolicy.authorize(actor(['PNP_REGISTRO']), 'update', otherAgency, 'read'), (e: { status: number }) => e.status === 404);
  assert.throws(() => caseFilePolicy.authorize(actor(['ALBERGUE']), 'update', sameUnit, 'read'), (e: { status: number }) => e.status === 403);
  assert.doesNotThrow(() => caseFilePolicy.authorize(actor(['ALBERGUE']), 'read', sameUnit));
});

test('consents: the owner records them; the owner or the agency a consent shares with may withdraw it', () => {
  const byConsent: CaseTarget = { ...otherAgency, shares: [{ agencyId: 'pnp', basis: 'CONSENT', groups: ['G2'] }] };
  const byReferral: CaseTarget = { ...otherAgency, shares: [{ agencyId: 'pnp', basis: 'REFERRAL', groups: ['G2'] }] };
  const police = actor(['PNP_INVESTIGADOR']);
  assert.equal(caseFilePolicy.can(police, 'recordConsent', sameUnit), true);
  assert.equal(caseFilePolicy.can(police, 'withdrawConsent', sameUnit), true);
  assert.equal(caseFilePolicy.can(police, 'recordConsent', byConsent), false);
  assert.equal(caseFilePolicy.can(police, 'withdrawConsent', byConsent), true);
  assert.equal(caseFilePolicy.can(police, 'withdrawConsent', byReferral), true, 'a referral may rest on a consent naming her agency (the command checks which)');
  assert.equal(caseFilePolicy.can(actor(['JUDICIAL']), 'withdrawConsent', sameUnit), false, 'no consent.record permission');
});

test('a consent to a public image is co-signed by the head of the unit holding the file, nobody else', () => {
  assert.equal(caseFilePolicy.can(actor(['SUPERVISOR']), 'coSignConsent', sameUnit), true);
  assert.equal(caseFilePolicy.can(actor(['SUPERVISOR']), 'coSignConsent', otherAgency), false);
  assert.equal(caseFilePolicy.can(actor(['SUPERVISOR']), 'coSignConsent', { ...otherAgency, shares: [{ agencyId: 'pnp', basis: 'CONSENT', groups: ['G2'] }] }), false, 'not a receiver\'s');
  assert.equal(caseFilePolicy.can(actor(['PNP_INVESTIGADOR']), 'coSignConsent', sameUnit), false, 'not the case worker who took it');
});

test('closing is four eyes: a case worker proposes; a head of the unit holding the file decides, not the one who proposed', () => {
  const proposed: CaseTarget = { ...sameUnit, closureProposal: { proposedBy: 'worker' } };
  const head = actor(['SUPERVISOR'], { userId: 'head' });
  assert.equal(caseFilePolicy.can(actor(['ONG_GESTOR'], { userId: 'worker' }), 'close', proposed), true, 'the case worker proposes');
  assert.equal(caseFilePolicy.can(actor(['ONG_GESTOR'], { userId: 'worker' }), 'decideClosure', proposed), false, 'but does not decide');
  assert.equal(caseFilePolicy.can(head, 'decideClosure', proposed), true);
  assert.equal(caseFilePolicy.can(actor(['SUPERVISOR', 'FISCAL'], { userId: 'worker' }), 'decideClosure', proposed), false, 'a supervisor who proposed it herself does not approve it');
  assert.equal(caseFilePolicy.can(actor(['SUPERVISOR', 'FISCAL'], { userId: 'head', unitId: 'unitB' }), 'decideClosure', sameDepartment), true, 'the head of the unit holding the file…');
  assert.equal(caseFilePolicy.can(actor(['SUPERVISOR', 'FISCAL'], { userId: 'head', unitId: 'unitB' }), 'decideClosure', proposed), false, '…not of another unit of her agency, whatever she reads');
  assert.equal(caseFilePolicy.can(actor(['SUPERVISOR', 'FISCAL'], { userId: 'head' }), 'decideClosure', proposed), true);
  assert.equal(caseFilePolicy.can(head, 'decideClosure', otherAgency), false, 'nor another agency\'s');
  assert.equal(caseFilePolicy.can(head, 'decideClosure', { ...otherAgency, shares: [{ agencyId: 'pnp', basis: 'REFERRAL', groups: ['G2'], writable: true }] }), false, 'nor one shared with her agency');
});

test('§8.1 names who discards, who reopens a closed file and who brings a discarded one back', () => {
  for (const role of ['FISCAL', 'MIMP_UPE', 'MIMP_CEM', 'MP_UDAVIT', 'ONG_GESTOR']) assert.equal(caseFilePolicy.can(actor([role]), 'discard', sameUnit), true, `${role} proposes discarding`);
  assert.equal(caseFilePolicy.can(actor(['SUPERVISOR']), 'discard', sameUnit), false, 'a supervisor alone approves, does not propose');
  assert.equal(caseFilePolicy.can(actor(['PNP_INVESTIGADOR']), 'discard', sameUnit), false);
  assert.equal(caseFilePolicy.can(actor(['FISCAL']), 'discard', otherAgency), false, 'only on her agency\'s files');

  assert.equal(caseFilePolicy.can(actor(['SUPERVISOR']), 'reopen', sameUnit), true);
  assert.equal(caseFilePolicy.can(actor(['ONG_GESTOR']), 'reopen', sameUnit), false, 'not the case worker');
  assert.equal(caseFilePolicy.can(actor(['SUPERVISOR'], { unitId: 'unitB' }), 'reopen', sameDepartment), true, 'the head of the unit holding the file…');
  assert.equal(caseFilePolicy.can(actor(['SUPERVISOR'], { unitId: 'unitB' }), 'reopen', sameUnit), false, '…not of another unit');

  assert.equal(caseFilePolicy.can(actor(['FISCAL']), 'restore', sameUnit), true);
  assert.equal(caseFilePolicy.can(actor(['SUPERVISOR']), 'restore', sameUnit), true);
  assert.equal(caseFilePolicy.can(actor(['ONG_GESTOR']), 'restore', sameUnit), false);
  assert.equal(caseFilePolicy.can(actor(['SUPERVISOR']), 'restore', otherAgency), false);
});
