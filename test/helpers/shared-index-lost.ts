// The shared linkage index's thread fails (test/server/shared-index.test.ts): the primary is told
// once (enlace serve then stops to be restarted), and a question asked of the lost index is
// answered with an error rather than left waiting. The primary prints, as JSON, what happened.
import cluster from 'node:cluster';
import type { CanonicalRecord } from '../../src/domain/person-record.ts';
import type { IndexClient } from '../../src/server/linkage/index-thread.ts';
import { spawnIndexThread } from '../../src/server/linkage/index-thread.ts';
import { clusterSharedIndex, serveSharedIndex } from '../../src/server/linkage/shared-index.ts';

const ana: CanonicalRecord = { source: 'PNP', record_id: 'ana', given_names: 'Ana María', paternal_surname: 'Quispe', maternal_surname: 'Mamani', birth_date: '1995-03-02', sex: 'F' };

if (cluster.isPrimary) {
  const env: Record<string, string> = {};
  const events: string[] = [];
  let thread: IndexClient | undefined;
  cluster.setupPrimary({ serialization: 'advanced' });
  serveSharedIndex(
    env,
    (error) => events.push(`lost: ${error.message}`),
    (onFailure) => (thread = spawnIndexThread(onFailure)),
  );
  const worker = cluster.fork(env);
  const finish = () => {
    process.stdout.write(`${JSON.stringify(events)}\n`);
    worker.kill();
  };
  worker.on('message', (message: { event?: string }) => {
    if (!message.event) return;
    events.push(message.event);
    // As the thread's exit would (index-thread.ts: a thread that stops fails its client).
    if (message.event === 'opened') thread?.fail(new Error('linkage index thread stopped (out of memory)'));
    if (message.event.startsWith('score')) finish();
  });
  setTimeout(finish, 80_000).unref();
} else {
  const note = (event: string) => process.send?.({ event });
  const index = await clusterSharedIndex()?.(async () => [ana], (error) => note(`client failed: ${error.message}`));
  note('opened');
  await new Promise((r) => setTimeout(r, 200));
  await index?.score({ ...ana, record_id: 'ana-2' }, 0.5, undefined, false).then(
    () => note('score answered'),
    (error: Error) => note(`score refused: ${error.message}`),
  );
}
