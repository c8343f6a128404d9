// The civil reparation on a case file's criminal proceeding, in Chromium: the police, who recorded
// the complaint, note the reparation ordered and paid and that the person is civil party. Paid
// beyond ordered is refused as it is typed, beside its field; once saved, statistics read only where
// it stands (paid in part), never the amounts. Screenshots in artifacts/e2e/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sampleRegistration } from '../test/helpers/app.ts';
import { axeViolations, describeViolations, isBlocking } from './axe.ts';
import { settled, shots, startBrowserRig, type BrowserRig } from './support.ts';

let rig: BrowserRig;
let caseId: string;

before(async () => {
  rig = await startBrowserRig({ linkOnArrival: false });
  const policia = await rig.t.signIn('policia');
  const created = await policia.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Rosa', documents: [] } }));
  assert.equal(created.statusCode, 201, created.body);
  caseId = (created.json() as { caseFile: { id: string } }).caseFile.id;
  const complaint = await policia.request('POST', `/api/case-files/${caseId}/proceedings`, { stage: 'DENUNCIA_REGISTRADA', stageOn: '2026-10-05' });
  assert.equal(complaint.statusCode, 201, complaint.body);
});

after(async () => {
  await rig?.close();
});

test('the reparation ordered and paid, and the civil party, recorded on the proceeding; paid beyond ordered refused as typed', async () => {
  await rig.photographFailure('reparation', async () => {
    const page = await rig.signedInPage('policia');
    await page.goto(`${rig.base}/expedientes/${caseId}`);
    await settled(page);
    const proceeding = page.getByRole('region', { name: 'Proceso penal' });
    await proceeding.getByText('Reparación civil', { exact: true }).click();
    const form = proceeding.getByRole('form', { name: 'Reparación civil' });
    await form.getByLabel('Reparación civil ordenada (S/)').fill('5000');
    await form.getByLabel('Monto pagado a la persona (S/)').fill('6000');
    await form.getByLabel('Reparación civil ordenada (S/)').click();
    await form.getByText('Lo pagado no puede superar la reparación civil ordenada.').waitFor();
    assert.equal(await form.getByLabel('Monto pagado a la persona (S/)').getAttribute('aria-invalid'), 'true');
    await page.screenshot({ path: join(shots, 'reparation-refused.png'), fullPage: true });
    await form.getByLabel('Monto pagado a la persona (S/)').fill('1500,50');
    await form.getByLabel('La persona se constituyó en actor civil').check();
    await form.getByRole('button', { name: 'Guardar la reparación' }).click();
    await page.getByText('Reparación civil guardada.').waitFor();
    const [row] = await rig.t.db.query<{ reparation: string; civil_party: boolean }>('SELECT reparation, civil_party FROM proceedings WHERE case_file_id = $1', [caseId]);
    assert.deepEqual({ ...row }, { reparation: 'PAGADA_PARCIALMENTE', civil_party: true });
    // The form, read again from the server (the record's new version), shows what was saved.
    await proceeding.locator('details').evaluate((d) => ((d as HTMLDetailsElement).open = true));
    const again = proceeding.getByRole('form', { name: 'Reparación civil' });
    await again.getByLabel('Reparación civil ordenada (S/)').waitFor();
    assert.equal(await again.getByLabel('Monto pagado a la persona (S/)').inputValue(), '1500.5');
    assert.equal(await again.getByLabel('La persona se constituyó en actor civil').isChecked(), true);
    const violations = (await axeViolations(page)).filter(isBlocking);
    assert.equal(violations.length, 0, describeViolations('reparation form', violations));
    await proceeding.screenshot({ path: join(shots, 'reparation-saved.png') });
    assert.deepEqual(rig.scriptErrors, []);
  });
});
