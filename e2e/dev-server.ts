// A throwaway Enlace for looking at the web app by hand: in-memory database, the test users
// (policia, gestora, nueva; password Sintetico-Prueba-2026) and a few synthetic case files.
// Run: npx vite build --config src/web/vite.config.ts && node --import tsx e2e/dev-server.ts [port] [extra case files]
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/server/app.ts';
import { sampleRegistration, startTestApp } from '../test/helpers/app.ts';

const port = Number(process.argv[2] ?? 3200);
const extra = Number(process.argv[3] ?? 0);
const t = await startTestApp();
const web = await buildApp(t.db, { webRoot: fileURLToPath(new URL('../dist/web', import.meta.url)) });
const police = await t.signIn('policia');

const people = [
  { person: { givenNames: 'Yusbelis', paternalSurname: 'Pérez', maternalSurname: 'González', nationalities: ['VEN'], documents: [] } },
  { person: { givenNames: 'Luis Alberto', paternalSurname: 'Mamani', maternalSurname: undefined, sex: 'HOMBRE', birthDate: undefined, estimatedAge: 16, documents: [{ type: 'SIN_DOCUMENTO' }] }, caseFile: { legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'], detectionUbigeo: '16' } },
  { person: { givenNames: undefined, paternalSurname: undefined, maternalSurname: undefined, identificationDescription: 'Adolescente 2 del operativo del 12/03 (sintético)', sex: 'DESCONOCIDO', birthDate: undefined, documents: [], nationalities: ['DESCONOCIDO'] } },
  { person: { givenNames: 'Rosa Elvira', paternalSurname: 'Ñahui', maternalSurname: 'Ccori', documents: [{ type: 'DNI', number: '41234567' }] }, caseFile: { detectionUbigeo: '08' } },
];
for (const overrides of people) {
  const res = await police.request('POST', '/api/case-files', sampleRegistration(overrides));
  if (res.statusCode !== 201) throw new Error(res.body);
}
for (let i = 0; i < extra; i++) {
  const res = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: `Persona ${String.fromCharCode(65 + (i % 26))}`, paternalSurname: 'Sintética', documents: [] } }));
  if (res.statusCode !== 201) throw new Error(res.body);
}
await web.listen({ port, host: '127.0.0.1' });
process.stdout.write(`Enlace (desarrollo web) en http://127.0.0.1:${port}\n`);
