// Filling the registration form as a user would, for the journeys that are about something else
// (dropped connections, idle sign-out, keyboard use).
import type { Page } from 'playwright-core';
import { todayInPeru } from '../src/domain/dates.ts';

/** A complete, valid registration of an invented woman with these names. */
export async function fillRegistration(page: Page, person: { givenNames: string; paternalSurname: string }): Promise<void> {
  await page.getByLabel('Nombres', { exact: true }).fill(person.givenNames);
  await page.getByLabel('Apellido paterno').fill(person.paternalSurname);
  await page.getByRole('radio', { name: 'Mujer' }).check();
  await page.getByLabel('Fecha de nacimiento').fill('02/11/2001');
  await page.getByRole('button', { name: '+ Venezuela' }).click();
  await fillLabourCase(page, '17');
}

/** Mother tongue and a case of labour exploitation detected today in this department. */
export async function fillLabourCase(page: Page, department: string): Promise<void> {
  await page.getByLabel('Lengua materna').selectOption('spa');
  await page.getByLabel('Fecha de detección').fill(todayInPeru());
  await page.getByLabel('Cómo se detectó').selectOption('INSPECCION_LABORAL');
  await page.getByLabel('Departamento de detección').selectOption(department);
  await page.getByRole('group', { name: 'Finalidad de la explotación' }).getByRole('checkbox', { name: 'Cualquier forma de explotación laboral' }).check();
  await page.getByRole('group', { name: 'Formas de explotación' }).getByRole('checkbox', { name: 'Explotación laboral / trabajo forzoso' }).check();
}
