// The encrypted backup file: a short plaintext header, then frames sealed with AES-256-GCM under
// a key derived from the operator's backup key and a random salt of the file. Frame 0 is the
// manifest, the payload follows in frames of up to 1 MiB, and the last frame (flagged final in
// its authenticated data) carries the payload's length and SHA-256: a changed byte, a reordered
// or removed frame and a cut tail are all detected. Without the backup key nothing is readable —
// not even which engine or how many records.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const MAGIC = Buffer.from('ENLACE-BACKUP\0', 'latin1');
const FORMAT_VERSION = 1;
const FRAME_BYTES = 1 << 20;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Larger than any frame this code writes: a corrupt length must not make the reader allocate gigabytes. */
const MAX_FRAME = FRAME_BYTES + 64 * 1024;

export type BackupProblem = 'not-a-backup' | 'wrong-key' | 'corrupt' | 'truncated';

const PROBLEM_TEXT: Record<BackupProblem, string> = {
  'not-a-backup': 'El archivo no es una copia de seguridad de Enlace / the file is not an Enlace backup',
  'wrong-key': 'La clave de copia no corresponde a este archivo / the backup key does not match this file',
  corrupt: 'La copia está dañada o fue modificada / the backup is damaged or was altered',
  truncated: 'La copia está incompleta (cortada) / the backup is incomplete (cut short)',
};

export class BackupFormatError extends Error {
  constructor(readonly problem: BackupProblem, detail?: string) {
    super(detail ? `${PROBLEM_TEXT[problem]}: ${detail}` : PROBLEM_TEXT[problem]);
  }
}

/** The operator's backup key: 32 random bytes, kept as base64 outside the server and its database. */
export class BackupKey {
  /** Names the key without revealing it, so a wrong key is told apart from a damaged file. */
  readonly id: string;
  constructor(readonly key: Buffer) {
    if (key.length !== 32) throw new Error('La clave de copia debe tener 32 bytes en base64 / the backup key must be 32 bytes in base64');
    this.id = createHmac('sha256', key).update('enlace-backup-key-id').digest('hex').slice(0, 16);
  }

  static fromText(text: string): BackupKey {
    return new BackupKey(Buffer.from(text.trim(), 'base64'));
  }

  static generate(): string {
    return randomBytes(32).toString('base64');
  }

  fileKey(salt: Buffer): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, salt, 'enlace-backup-v1', 32));
  }
}

interface Header {
  format: number;
  keyId: string;
  salt: string;
}

function frameIv(index: number): Buffer {
  const iv = Buffer.alloc(IV_BYTES);
  iv.writeBigUInt64BE(BigInt(index), IV_BYTES - 8);
  return iv;
}

function frameAad(header: Buffer, index: number, final: boolean): Buffer {
  return Buffer.concat([createHash('sha256').update(header).digest(), Buffer.from(`${index}:${final ? 'final' : 'more'}`)]);
}

/** The payload's length and hash, checked on every read. */
export interface Trailer {
  bytes: number;
  sha256: string;
}

/**
 * Writes a backup: `manifest` first, then the payload as it streams in. Yields the file's bytes.
 * The key of each file is fresh (HKDF over a random salt), so frame counters never repeat an IV.
 */
export async function* sealBackup(backupKey: BackupKey, manifest: unknown, payload: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const salt = randomBytes(32);
  const key = backupKey.fileKey(salt);
  const header = Buffer.from(JSON.stringify({ format: FORMAT_VERSION, keyId: backupKey.id, salt: salt.toString('base64') } satisfies Header));
  const headerLength = Buffer.alloc(2);
  headerLength.writeUInt16BE(header.length);
  yield Buffer.concat([MAGIC, headerLength, header]);

  let index = 0;
  const frame = (plain: Buffer, final = false): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', key, frameIv(index));
    cipher.setAAD(frameAad(header, index, final));
    const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    index++;
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    return Buffer.concat([length, body]);
  };

  yield frame(Buffer.from(JSON.stringify(manifest)));
  const hash = createHash('sha256');
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of payload) {
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    hash.update(buffer);
    bytes += buffer.length;
    pending.push(buffer);
    pendingBytes += buffer.length;
    while (pendingBytes >= FRAME_BYTES) {
      const all = Buffer.concat(pending);
      yield frame(all.subarray(0, FRAME_BYTES));
      pending = [all.subarray(FRAME_BYTES)];
      pendingBytes = all.length - FRAME_BYTES;
    }
  }
  if (pendingBytes > 0) yield frame(Buffer.concat(pending));
  yield frame(Buffer.from(JSON.stringify({ bytes, sha256: hash.digest('hex') } satisfies Trailer)), true);
}

/** Reads exact byte counts from a stream of chunks. */
class ByteReader {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private readonly iterator: AsyncIterator<Uint8Array>;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Exactly `n` bytes, or fewer only at the end of the stream. */
  async read(n: number): Promise<Buffer> {
    while (this.bufferedBytes < n) {
      const next = await this.iterator.next();
      if (next.done) break;
      this.buffered.push(Buffer.from(next.value));
      this.bufferedBytes += next.value.byteLength;
    }
    const all = Buffer.concat(this.buffered);
    const taken = all.subarray(0, n);
    this.buffered = [all.subarray(taken.length)];
    this.bufferedBytes = all.length - taken.length;
    return taken;
  }
}

export interface OpenedBackup<Manifest> {
  manifest: Manifest;
  /** The payload; throws `BackupFormatError` at the point where the file turns out damaged or cut. */
  payload: AsyncGenerator<Buffer>;
}

/** Opens a backup: checks the header and the key, decrypts the manifest; the payload streams after. */
export async function openBackup<Manifest>(backupKey: BackupKey, source: AsyncIterable<Uint8Array>): Promise<OpenedBackup<Manifest>> {
  const reader = new ByteReader(source);
  const magic = await reader.read(MAGIC.length + 2);
  if (magic.length < MAGIC.length + 2 || !magic.subarray(0, MAGIC.length).equals(MAGIC)) throw new BackupFormatError('not-a-backup');
  const headerBytes = await reader.read(magic.readUInt16BE(MAGIC.length));
  let header: Header;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as Header;
  } catch {
    throw new BackupFormatError('not-a-backup');
  }
  if (header.format !== FORMAT_VERSION) throw new BackupFormatError('not-a-backup', `format ${String(header.format)}`);
  if (header.keyId !== backupKey.id) throw new BackupFormatError('wrong-key', `${header.keyId} ≠ ${backupKey.id}`);
  const key = backupKey.fileKey(Buffer.from(header.salt, 'base64'));

  let index = 0;
  const nextFrame = async (): Promise<{ plain: Buffer; final: boolean }> => {
    const length = await reader.read(4);
    if (length.length < 4) throw new BackupFormatError('truncated');
    const size = length.readUInt32BE();
    if (size < TAG_BYTES || size > MAX_FRAME) throw new BackupFormatError('corrupt', `frame ${index}`);
    const body = await reader.read(size);
    if (body.length < size) throw new BackupFormatError('truncated');
    // The final flag is not stored: a frame opens under exactly one of the two, so a cut file
    // cannot pass a middle frame off as the last one.
    for (const final of [false, true]) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, frameIv(index));
        decipher.setAAD(frameAad(headerBytes, index, final));
        decipher.setAuthTag(body.subarray(size - TAG_BYTES));
        const plain = Buffer.concat([decipher.update(body.subarray(0, size - TAG_BYTES)), decipher.final()]);
        index++;
        return { plain, final };
      } catch {
        // try the other flag
      }
    }
    throw new BackupFormatError('corrupt', `frame ${index}`);
  };

  const first = await nextFrame();
  if (first.final) throw new BackupFormatError('corrupt', 'no payload');
  const manifest = JSON.parse(first.plain.toString('utf8')) as Manifest;

  async function* payload(): AsyncGenerator<Buffer> {
    const hash = createHash('sha256');
    let bytes = 0;
    for (;;) {
      const { plain, final } = await nextFrame();
      if (final) {
        const trailer = JSON.parse(plain.toString('utf8')) as Trailer;
        if (trailer.bytes !== bytes || trailer.sha256 !== hash.digest('hex')) throw new BackupFormatError('corrupt', 'payload hash');
        if ((await reader.read(1)).length > 0) throw new BackupFormatError('corrupt', 'bytes after the end');
        return;
      }
      hash.update(plain);
      bytes += plain.length;
      yield plain;
    }
  }
  return { manifest, payload: payload() };
}
