// Ids of new records, ordered by time (UUID version 7, RFC 9562): the millisecond of their making
// in the first 48 bits, then 74 random bits, so they stay unguessable. A random id (version 4)
// lands on a random page of every index that holds it (a registration writes eight such entries:
// the person's, her key's, her case file's, their actions', the worklist's), and on a server
// whose cache does not hold all of them each costs a page read and a page written back; ids made
// in the same moment land together, on pages already in memory.
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const RANDOM_BYTES = 10;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** A new UUID version 7 (time-ordered), for a record created now. */
export function newRecordId(now: number = Date.now()): string {
  if (offset + RANDOM_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeUIntBE(now, 0, 6);
  pool.copy(bytes, 6, offset, offset + RANDOM_BYTES);
  // Each random byte is handed out once.
  pool.fill(0, offset, offset + RANDOM_BYTES);
  offset += RANDOM_BYTES;
  bytes[6] = 0x70 | ((bytes[6] as number) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
