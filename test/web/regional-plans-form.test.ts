// The regional plan and investment project forms: amounts in soles as people type them, and what
// an empty or half-filled form says, in Spanish and English, by the schema the server applies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvestmentProjectInput, RegionalPlanInput } from '../../src/evidence/plans.ts';
import { schemaErrors } from '../../src/web/forms/errors.ts';
import { emptyProjectForm, emptyRegionalPlanForm, projectInputOf, regionalPlanInputOf, soles } from '../../src/web/forms/regional-plans.ts';

test('soles as typed: spaces, thousands separators, céntimos after a point or a comma', () => {
  assert.equal(soles('1 250 000'), 1_250_000);
  assert.equal(soles('1,250,000.50'), 1_250_000.5);
  assert.equal(soles('1.250.000,50'), 1_250_000.5);
  assert.equal(soles('300000,5'), 300_000.5);
  assert.equal(soles('S/ 80 000'), 80_000);
  assert.equal(soles(''), undefined);
  for (const bad of ['1,25,0', '12.3.4', 'mil', '1.000.000.5,3', '1,000,000,50']) assert.ok(Number.isNaN(soles(bad) ?? 0), bad);
});

test('an empty plan says what is required, field by field; a target outside the period is refused in words', () => {
  const input = regionalPlanInputOf(emptyRegionalPlanForm(), '15');
  const parsed = RegionalPlanInput.safeParse(input);
  assert.equal(parsed.success, false);
  if (parsed.success) return;
  const es = new Map(schemaErrors(parsed.error, input, 'es').map((e) => [e.path, e.message]));
  for (const path of ['title', 'periodFrom', 'periodTo', 'objectives.0.text', 'targets.0.indicator', 'targets.0.year', 'targets.0.target']) assert.equal(es.get(path), 'Este dato es obligatorio.', path);
  const outside = regionalPlanInputOf({ title: 'Plan', periodFrom: '2024', periodTo: '2026', objectives: ['Prevenir'], targets: [{ indicator: 'victims-identified', year: '2027', target: '10' }] }, '15');
  const refused = RegionalPlanInput.safeParse(outside);
  assert.equal(refused.success, false);
  if (refused.success) return;
  assert.deepEqual(schemaErrors(refused.error, outside, 'en'), [{ path: 'targets', message: "Every target must fall within the plan's period." }]);
});

test('a project: the municipality must be in the region; a complete one passes as typed', () => {
  const form = { ...emptyProjectForm(), code: '2481234', municipality: '080101', name: 'Casa de acogida (sintética)', purpose: 'ATENCION', year: '2025', budget: '1 250 000', executed: '300 000,50' };
  const outside = projectInputOf(form, '15');
  const refused = InvestmentProjectInput.safeParse(outside);
  assert.equal(refused.success, false);
  if (refused.success) return;
  assert.deepEqual(schemaErrors(refused.error, outside, 'es'), [{ path: 'municipality', message: 'La municipalidad no está en el departamento indicado.' }]);
  const ok = InvestmentProjectInput.safeParse(projectInputOf({ ...form, municipality: '1501' }, '15'));
  assert.ok(ok.success);
  assert.equal(ok.data.executed, 300_000.5);
});
