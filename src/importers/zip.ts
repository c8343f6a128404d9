// Reads the entries of a ZIP archive (what an XLSX file is) from memory: central directory,
// stored and deflated entries, CRC checked. No ZIP64, no encryption: an XLSX export never needs
// them, and refusing is safer than guessing. Output sizes are capped against zip bombs.
import { crc32, inflateRawSync } from 'node:zlib';

export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localHeaderOffset: number;
  flags: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** Largest uncompressed entry accepted (a sheet of 100,000 rows is well under this). */
export const MAX_ENTRY_BYTES = 512 * 1024 * 1024;

export class ZipArchive {
  readonly entries = new Map<string, ZipEntry>();
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const eocd = this.findEndOfCentralDirectory();
    const count = this.view.getUint16(eocd + 10, true);
    const directorySize = this.view.getUint32(eocd + 12, true);
    const directoryOffset = this.view.getUint32(eocd + 16, true);
    if (count === 0xffff || directoryOffset === 0xffffffff) throw new ZipError('ZIP64 archives are not supported');
    if (directoryOffset + directorySize > eocd) throw new ZipError('central directory out of bounds (truncated file?)');
    let at = directoryOffset;
    for (let k = 0; k < count; k++) {
      if (at + 46 > bytes.length || this.view.getUint32(at, true) !== CENTRAL_SIGNATURE) throw new ZipError('broken central directory');
      const nameLength = this.view.getUint16(at + 28, true);
      const extraLength = this.view.getUint16(at + 30, true);
      const commentLength = this.view.getUint16(at + 32, true);
      const name = new TextDecoder('utf-8').decode(bytes.subarray(at + 46, at + 46 + nameLength));
      this.entries.set(name, {
        name,
        flags: this.view.getUint16(at + 8, true),
        method: this.view.getUint16(at + 10, true),
        crc: this.view.getUint32(at + 16, true),
        compressedSize: this.view.getUint32(at + 20, true),
        size: this.view.getUint32(at + 24, true),
        localHeaderOffset: this.view.getUint32(at + 42, true),
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
  }

  private findEndOfCentralDirectory(): number {
    const min = Math.max(0, this.bytes.length - 22 - 65535);
    for (let at = this.bytes.length - 22; at >= min; at--) {
      if (this.view.getUint32(at, true) === EOCD_SIGNATURE) return at;
    }
    throw new ZipError('not a ZIP archive (no end of central directory; truncated file?)');
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  read(name: string): Uint8Array {
    const entry = this.entries.get(name);
    if (!entry) throw new ZipError(`missing entry ${name}`);
    if (entry.flags & 1) throw new ZipError(`encrypted entry ${name}`);
    if (entry.size > MAX_ENTRY_BYTES) throw new ZipError(`entry ${name} is too large`);
    const at = entry.localHeaderOffset;
    if (at + 30 > this.bytes.length || this.view.getUint32(at, true) !== LOCAL_SIGNATURE) throw new ZipError(`broken local header of ${name}`);
    const start = at + 30 + this.view.getUint16(at + 26, true) + this.view.getUint16(at + 28, true);
    const end = start + entry.compressedSize;
    if (end > this.bytes.length) throw new ZipError(`entry ${name} is truncated`);
    const data = this.bytes.subarray(start, end);
    let out: Uint8Array;
    if (entry.method === 0) out = data;
    else if (entry.method === 8) {
      try {
        out = inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
      } catch (error) {
        throw new ZipError(`cannot inflate ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else throw new ZipError(`unsupported compression method ${entry.method} for ${name}`);
    if (out.length !== entry.size) throw new ZipError(`entry ${name} has ${out.length} bytes, expected ${entry.size}`);
    if (crc32(out) >>> 0 !== entry.crc >>> 0) throw new ZipError(`CRC mismatch in ${name}`);
    return out;
  }

  readText(name: string): string {
    return new TextDecoder('utf-8').decode(this.read(name));
  }
}

/** True when the bytes start like a ZIP archive ("PK\x03\x04"). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
