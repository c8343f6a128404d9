// A cluster of three processes joined by the linkage relay (test/server/linkage-relay.test.ts):
// the first relays two records; the primary prints, as JSON, which process heard which.
import cluster from 'node:cluster';
import { clusterRelay, forwardRelayedRecords } from '../../src/server/linkage/relay.ts';

const WORKERS = 3;

if (cluster.isPrimary) {
  forwardRelayedRecords();
  const heard: Record<string, string[]> = {};
  let listening = 0;
  const workers = Array.from({ length: WORKERS }, (_, i) => cluster.fork({ RELAY_WORKER: String(i) }));
  const done = () => {
    process.stdout.write(`${JSON.stringify(heard)}\n`);
    for (const worker of workers) worker.kill();
  };
  for (const [i, worker] of workers.entries()) {
    worker.on('message', (message: { listening?: true; heard?: string[] }) => {
      if (message.listening && ++listening === WORKERS) workers[0]?.send({ go: true });
      if (message.heard) (heard[i] ??= []).push(...message.heard);
      // Every other process heard both: a moment more for a copy that should not come.
      if (Object.keys(heard).length === WORKERS - 1 && Object.values(heard).every((ids) => ids.length === 2)) setTimeout(done, 300);
    });
  }
  setTimeout(done, 10_000).unref();
} else {
  const relay = clusterRelay();
  relay?.listen((records) => process.send?.({ heard: records.map((r) => r.record.record_id) }));
  process.on('message', (message: { go?: true }) => {
    if (!message.go) return;
    relay?.send({ record: { source: 'PNP', record_id: 'first', given_names: 'Ana' }, version: 1 });
    relay?.send({ record: { source: 'PNP', record_id: 'second', given_names: 'Flor' }, version: 2 });
  });
  process.send?.({ listening: true });
}
