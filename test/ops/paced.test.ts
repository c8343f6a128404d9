// bench/paced.ts, the open-loop load generator of bench:api: its own small HTTP/1.1 reader must find
// where each answer ends (by length or by chunks), count what is not 2xx, and survive a server
// that closes an idle keep-alive connection: a figure from a generator that miscounts is worse than none.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { answerEnd, paced } from '../../bench/paced.ts';

test('an answer ends where its length or its last chunk says, and not before it has all arrived', () => {
  const sized = Buffer.from('HTTP/1.1 201 Created\r\nContent-Length: 5\r\nX: y\r\n\r\nhello');
  assert.deepEqual(answerEnd(sized), { status: 201, end: sized.length, close: false });
  assert.equal(answerEnd(sized.subarray(0, sized.length - 1)), undefined);
  assert.equal(answerEnd(sized.subarray(0, 20)), undefined);
  const chunked = Buffer.from('HTTP/1.1 404 Not Found\r\ntransfer-encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\na\r\n0123456789\r\n0\r\n\r\n');
  assert.deepEqual(answerEnd(chunked), { status: 404, end: chunked.length, close: true });
  assert.equal(answerEnd(chunked.subarray(0, chunked.length - 2)), undefined);
  const empty = Buffer.from('HTTP/1.1 204 No Content\r\n\r\n');
  assert.deepEqual(answerEnd(empty), { status: 204, end: empty.length, close: false });
});

test('paced sends every request at its rate, counts the answers that are not 2xx, and reconnects when the server closes', async () => {
  let served = 0;
  const server = createServer((request, response) => {
    served++;
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      // Every fifth request: a chunked 500; every seventh: the connection closed after the answer.
      if (served % 5 === 0) {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.write('fail');
        response.end(' again');
        return;
      }
      if (served % 7 === 0) response.setHeader('connection', 'close');
      response.end(JSON.stringify({ echoed: body.length }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    const result = await paced({
      url: `http://127.0.0.1:${port}`,
      rate: 400,
      seconds: 0.5,
      connections: 4,
      next: () => ({ method: 'POST', path: '/x', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ñuñoa sintética' }) }),
    });
    assert.equal(result.total, 200);
    assert.equal(served, 200);
    assert.equal(result.errors, 0);
    assert.equal(result.non2xx, 40);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
