// A cluster sharing one linkage index (test/server/shared-index.test.ts). The primary serves the
// index and drives three processes in turn: the first is chosen to build it and dies before it
// sends its records; the second, waiting meanwhile, then builds it; the third finds it built and
// opens no record. The second's record, scored and committed, is a candidate for the third.
// The primary prints, as JSON, what happened.
import cluster, { type Worker } from 'node:cluster';
import type { CanonicalRecord } from '../../src/domain/person-record.ts';
import { serveSharedIndex, clusterSharedIndex } from '../../src/server/linkage/shared-index.ts';

type Role = 'dies' | 'builds' | 'joins';
type Note = { role: Role; event: string; ids?: string[] };

const ana: CanonicalRecord = { source: 'PNP', record_id: 'ana', given_names: 'Ana María', paternal_surname: 'Quispe', maternal_surname: 'Mamani', birth_date: '1995-03-02', document_type: 'DNI', document_number: '40111222', sex: 'F' };
const others: CanonicalRecord[] = [
  { source: 'PNP', record_id: 'flor', given_names: 'Flor', paternal_surname: 'Huamán', maternal_surname: 'Ccori', birth_date: '2001-07-19', sex: 'F' },
  { source: 'MP', record_id: 'rosa', given_names: 'Rosa', paternal_surname: 'Torres', maternal_surname: 'Vela', birth_date: '1988-11-30', sex: 'F' },
];
const carmen: CanonicalRecord = { source: 'MIMP', record_id: 'carmen', given_names: 'Carmen Rosa', paternal_surname: 'Condori', maternal_surname: 'Apaza', birth_date: '1999-01-15', document_type: 'DNI', document_number: '47555666', sex: 'F' };

if (cluster.isPrimary) {
  const env: Record<string, string> = {};
  const notes: Note[] = [];
  cluster.setupPrimary({ serialization: 'advanced' });
  serveSharedIndex(env, (error) => notes.push({ role: 'dies', event: `index lost: ${error.message}` }));
  const fork = (role: Role): Worker => {
    const worker = cluster.fork({ ...env, INDEX_ROLE: role });
    worker.on('message', (message: Note | { kind?: string }) => {
      if (!('role' in message)) return;
      notes.push(message);
      // The builder-to-be has been chosen and is about to die: the next one asks meanwhile.
      if (message.role === 'dies' && message.event === 'chosen') fork('builds');
      if (message.role === 'builds' && message.event === 'committed') fork('joins');
      if (message.role === 'joins' && message.event.startsWith('scored')) finish();
    });
    return worker;
  };
  const finish = () => {
    process.stdout.write(`${JSON.stringify(notes)}\n`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
  };
  fork('dies');
  setTimeout(finish, 80_000).unref();
} else {
  const role = process.env.INDEX_ROLE as Role;
  const note = (event: string, ids?: string[]) => process.send?.({ role, event, ids } satisfies Note);
  const open = clusterSharedIndex();
  if (!open) throw new Error('no shared index in a worker of serveSharedIndex');
  const records = async (): Promise<CanonicalRecord[]> => {
    note('records asked');
    if (role === 'dies') {
      note('chosen');
      // Long enough for the next process to ask and wait; then gone before sending anything.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      process.exit(3);
    }
    return [ana, ...others];
  };
  const index = await open(records, (error) => note(`failed: ${error.message}`));
  note('opened');
  if (role === 'builds') {
    const found = await index.score({ ...ana, record_id: 'ana-2', source: 'MP', given_names: 'Ana' }, 0.5, undefined, false);
    note('scored ana', found.candidates.map((c) => c.personId));
    const { entry } = await index.score(carmen, 0.5, undefined, true);
    if (entry === undefined) throw new Error('no tentative entry');
    index.commit(entry);
    // The commit rides with the next question, or goes within 50 ms.
    await new Promise((r) => setTimeout(r, 200));
    note('committed');
  }
  if (role === 'joins') {
    const found = await index.score({ ...carmen, record_id: 'carmen-2', source: 'ONG', given_names: 'Carmen' }, 0.5, undefined, false);
    note('scored carmen', found.candidates.map((c) => c.personId));
  }
}
