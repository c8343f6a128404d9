import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaseFileInput } from '../../src/domain/schemas.ts';
import { caseFileInputOf, emptyCaseFileForm } from '../../src/web/forms/case-file.ts';
import { schemaErrors } from '../../src/web/forms/errors.ts';

test('an empty registration form says what is required, not that a date has the wrong type', () => {
  const input = caseFileInputOf(emptyCaseFileForm);
  const parsed = CaseFileInput.safeParse(input);
  assert.equal(parsed.success, false);
  if (parsed.success) return;
  const es = new Map(schemaErrors(parsed.error, input, 'es').map((e) => [e.path, e.message]));
  const en = new Map(schemaErrors(parsed.error, input, 'en').map((e) => [e.path, e.message]));
  assert.equal(es.get('detectionDate'), 'Este dato es obligatorio.');
  assert.equal(en.get('detectionDate'), 'This is required.');
  for (const message of es.values()) assert.ok(!message.startsWith('Tipo de dato'), message);
  // A value that is there but wrong still says what is wrong.
  const wrong = { ...input, detectionDate: 'ayer' };
  const again = CaseFileInput.safeParse(wrong);
  assert.equal(again.success, false);
  if (again.success) return;
  const message = schemaErrors(again.error, wrong, 'es').find((e) => e.path === 'detectionDate')?.message;
  assert.ok(message && message !== 'Este dato es obligatorio.', message);
});
