// The identity vault (DESIGN §4): names, documents, exact birth dates and free-text notes are
// sealed with AES-256-GCM under a data key of their own person; each data key is wrapped by the
// master key, which lives outside the database (environment or file). Exact look-ups and name
// search use keyed hashes (blind indexes) under an index key, itself wrapped by the master key.
// Destroying a person's data key erases her identity and leaves everything else readable.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Name tokens whose keyed hashes a vault keeps (Vault.blindIndex); a few megabytes at most. */
const NAME_HASHES_KEPT = 50_000;
/** Persons' data keys a vault keeps unwrapped (Vault.unwrapKept): about 4 MB at most. */
const DATA_KEYS_KEPT = 10_000;

export class MasterKey {
  readonly id: string;
  constructor(readonly key: Buffer) {
    if (key.length !== 32) throw new Error('La clave maestra debe tener 32 bytes / the master key must be 32 bytes');
    this.id = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }
}

// Random bytes drawn from the system's generator a block at a time: each call for 12 bytes cost
// ~18 µs on these machines (an import seals five things per row). Every byte is handed out once.
const RANDOM_BLOCK = 16_384;
let randomBlock = Buffer.alloc(0);
let randomOffset = 0;

/** `n` fresh bytes from the cryptographic generator, never handed out before (a copy, not a view). */
export function freshRandomBytes(n: number): Buffer {
  if (n > RANDOM_BLOCK) return randomBytes(n);
  if (randomOffset + n > randomBlock.length) {
    randomBlock = randomBytes(RANDOM_BLOCK);
    randomOffset = 0;
  }
  const out = Buffer.from(randomBlock.subarray(randomOffset, randomOffset + n));
  // Used bytes are wiped from the block, so a later bug can never hand them out again.
  randomBlock.fill(0, randomOffset, randomOffset + n);
  randomOffset += n;
  return out;
}

/** AES-256-GCM: version byte, IV, tag, ciphertext. The AAD binds a ciphertext to its record. */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = freshRandomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  // GCM's ciphertext is as long as the plaintext: one buffer, filled in place (an import seals
  // five things a row, and the concatenations were a fair part of its garbage).
  const out = Buffer.allocUnsafe(1 + IV_BYTES + TAG_BYTES + plaintext.length);
  out[0] = VERSION;
  iv.copy(out, 1);
  let at = 1 + IV_BYTES + TAG_BYTES;
  at += cipher.update(plaintext).copy(out, at);
  at += cipher.final().copy(out, at);
  if (at !== out.length) throw new Error('AES-GCM ciphertext of unexpected length');
  cipher.getAuthTag().copy(out, 1 + IV_BYTES);
  return out;
}

export function open(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed[0] !== VERSION) throw new Error('unknown ciphertext version');
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
}

export interface WrappedKey {
  masterKeyId: string;
  wrapped: Buffer;
}

export class Vault {
  private readonly masters: Map<string, MasterKey>;

  /** `current` wraps new keys; `previous` keys still unwrap old ones until rotation rewraps them. */
  constructor(
    readonly current: MasterKey,
    previous: readonly MasterKey[],
    private readonly indexKey: Buffer,
  ) {
    this.masters = new Map([current, ...previous].map((m) => [m.id, m]));
  }

  /**
   * The keys themselves, for a thread of this process that seals with them (an import's): handed
   * over in memory, never stored or sent out of the process.
   */
  keyMaterial(): { current: Buffer; previous: Buffer[]; index: Buffer } {
    return { current: this.current.key, previous: [...this.masters.values()].filter((m) => m !== this.current).map((m) => m.key), index: this.indexKey };
  }

  static fromKeyMaterial(keys: { current: Uint8Array; previous: Uint8Array[]; index: Uint8Array }): Vault {
    return new Vault(new MasterKey(Buffer.from(keys.current)), keys.previous.map((k) => new MasterKey(Buffer.from(k))), Buffer.from(keys.index));
  }

  static newDataKey(): Buffer {
    return freshRandomBytes(32);
  }

  wrap(dataKey: Buffer, purpose: string): WrappedKey {
    return { masterKeyId: this.current.id, wrapped: seal(this.current.key, dataKey, `key:${purpose}`) };
  }

  unwrap(key: WrappedKey, purpose: string): Buffer {
    const master = this.masters.get(key.masterKeyId);
    if (!master) throw new Error(`clave maestra ${key.masterKeyId} no disponible / master key ${key.masterKeyId} not available`);
    return open(master.key, key.wrapped, `key:${purpose}`);
  }

  /**
   * `unwrap` for a person's data key (`purpose` names her), keeping the last DATA_KEYS_KEPT keys
   * unwrapped: every list page, search and read unwrapped its persons' keys again (an AES-GCM
   * open each, ~6 µs: 0.16 ms of a list page's CPU). Why that is safe:
   * - the keys stay in this process's memory, beside the master key that unwraps them all anyway;
   *   never written anywhere, gone when the process ends;
   * - a kept key is only handed out for the very wrapped bytes it came from (same master key id,
   *   same person, same bytes, compared in full), which the caller has just read from the
   *   database: a destroyed key (erasure) is no longer read, so it is never found here either,
   *   and a key rewrapped by a rotation is unwrapped afresh;
   * - bounded (least recently used first out); `forgetKept` drops a person's key at her erasure
   *   and every key after a rotation in this process.
   * The returned buffer is shared: callers never change it.
   */
  unwrapKept(key: WrappedKey, purpose: string): Buffer {
    const kept = this.keptKeys.get(purpose);
    if (kept) {
      // Again at the end of the map's order: the most recently used.
      this.keptKeys.delete(purpose);
      if (kept.masterKeyId === key.masterKeyId && kept.wrapped.equals(key.wrapped)) {
        this.keptKeys.set(purpose, kept);
        return kept.key;
      }
    }
    const plain = this.unwrap(key, purpose);
    if (this.keptKeys.size >= DATA_KEYS_KEPT) {
      const oldest = this.keptKeys.keys().next();
      if (!oldest.done) this.keptKeys.delete(oldest.value);
    }
    this.keptKeys.set(purpose, { masterKeyId: key.masterKeyId, wrapped: Buffer.from(key.wrapped), key: plain });
    return plain;
  }

  /** Drops the kept unwrapped key of `purpose` (a person's erasure), or, without one, all of them (a rotation). */
  forgetKept(purpose?: string): void {
    if (purpose === undefined) this.keptKeys.clear();
    else this.keptKeys.delete(purpose);
  }

  // Map order is use order: the first entry is the least recently used.
  private readonly keptKeys = new Map<string, { masterKeyId: string; wrapped: Buffer; key: Buffer }>();

  sealJson(dataKey: Buffer, value: unknown, aad: string): Buffer {
    return seal(dataKey, Buffer.from(JSON.stringify(value)), aad);
  }

  /** sealJson of a value already serialised (`json` is JSON.stringify's text): openJson reads it back. */
  sealText(dataKey: Buffer, json: string, aad: string): Buffer {
    return seal(dataKey, Buffer.from(json), aad);
  }

  openJson<T>(dataKey: Buffer, sealed: Buffer, aad: string): T {
    return JSON.parse(open(dataKey, sealed, aad).toString('utf8')) as T;
  }

  /** A key for data the service itself keeps sealed (stored answers of idempotent requests). */
  serviceKey(purpose: string): Buffer {
    return createHmac('sha256', this.indexKey).update(`service\u0000${purpose}`).digest();
  }

  /** Keyed hash of a normalised value: equal values match, and the database alone reveals nothing. */
  blindIndex(kind: string, value: string): string {
    if (kind !== 'name') return this.keyedHash(kind, value);
    let hash = this.nameHashes.get(value);
    if (hash === undefined) {
      hash = this.keyedHash(kind, value);
      if (this.nameHashes.size >= NAME_HASHES_KEPT) this.nameHashes.clear();
      this.nameHashes.set(value, hash);
    }
    return hash;
  }

  // The hashes of name tokens, kept: a few thousand given names and surnames make most of a
  // population, and every registration, correction and name search hashes three or four of them
  // (an HMAC each, ~10 µs on a busy server). Documents are unique and not kept.
  private readonly nameHashes = new Map<string, string>();

  private keyedHash(kind: string, value: string): string {
    return createHmac('sha256', this.indexKey).update(`${kind}\u0000${value}`).digest('base64url').slice(0, 22);
  }
}

/**
 * The master key from ENLACE_MASTER_KEY (base64, 32 bytes) or the file ENLACE_MASTER_KEY_FILE.
 * With neither, on the embedded engine only, a key file is created beside the data folder (and
 * the operator is told to keep it elsewhere); a PostgreSQL deployment must say where its key is.
 */
export function masterKeyFromEnv(env: NodeJS.ProcessEnv, fallbackFile: string | undefined, warn: (line: string) => void = () => undefined): { current: MasterKey; previous: MasterKey[] } {
  const decode = (text: string, where: string) => {
    const key = Buffer.from(text.trim(), 'base64');
    if (key.length !== 32) throw new Error(`${where}: se esperaban 32 bytes en base64 / expected 32 bytes in base64`);
    return new MasterKey(key);
  };
  const previous = (env.ENLACE_MASTER_KEYS_PREVIOUS ?? '')
    .split(',')
    .filter((s) => s.trim())
    .map((s) => decode(s, 'ENLACE_MASTER_KEYS_PREVIOUS'));
  if (env.ENLACE_MASTER_KEY) return { current: decode(env.ENLACE_MASTER_KEY, 'ENLACE_MASTER_KEY'), previous };
  const file = env.ENLACE_MASTER_KEY_FILE ?? fallbackFile;
  if (!file) {
    throw new Error('Falta la clave maestra: defina ENLACE_MASTER_KEY o ENLACE_MASTER_KEY_FILE / no master key: set ENLACE_MASTER_KEY or ENLACE_MASTER_KEY_FILE');
  }
  if (!existsSync(file)) {
    if (env.ENLACE_MASTER_KEY_FILE) throw new Error(`No existe el archivo de clave maestra / master key file not found: ${file}`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    warn(`Se creó una clave maestra en ${file}: guárdela fuera de este servidor; sin ella los nombres no se pueden leer. / A master key was created in ${file}: keep a copy off this server; without it names cannot be read.`);
  }
  return { current: decode(readFileSync(file, 'utf8'), file), previous };
}
