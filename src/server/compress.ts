// JSON answers compressed for the browser when it accepts it (brotli, else gzip): on a slow link
// (issue 8, "Slow 3G" ≈ 50 KB/s) the public dashboard's map and tables, a case file with its
// history or a page of the case list travel in a fifth to a tenth of the bytes. Only JSON of 1 KB
// or more (files, PDFs and streams are left as they are), compressed off the event loop. Compressing
// personal data next to text a third party chose could leak it by size (BREACH), but such a third
// party cannot make a browser send the session: its cookie is SameSite=Strict.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const MIN_BYTES = 1024;

export function compressJson(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (reply.getHeader('content-encoding') !== undefined) return payload;
    if (!/^application\/(?:[a-z.+-]*\+)?json\b/.test(String(reply.getHeader('content-type') ?? ''))) return payload;
    if (Buffer.byteLength(payload) < MIN_BYTES) return payload;
    const accepts = String(request.headers['accept-encoding'] ?? '');
    const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : undefined;
    const vary = String(reply.getHeader('vary') ?? '');
    if (!/accept-encoding/i.test(vary)) reply.header('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    if (!encoding) return payload;
    // Quality 5: most of brotli's gain at a few milliseconds for a large answer.
    const body = encoding === 'br' ? await brotli(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : await gzipAsync(payload, { level: 6 });
    reply.removeHeader('content-length');
    reply.header('Content-Encoding', encoding);
    return body;
  });
}
