// The `$n` placeholders of a statement's values, numbered from `offset + 1` so that statements
// can be joined into one. Kept once made: a registration asks for the same few runs every time
// (its statement's shape does not change), and making them cost it ~60 number-to-text
// conversions and concatenations per request.
const made = new Map<number, string>();
/** Runs of at most this many placeholders are kept (a statement's row, not a bulk insert's), and this many runs. */
const KEPT_COUNT = 64;
const KEPT_OFFSET = 4096;
const KEPT_RUNS = 2048;

export function placeholders(count: number, offset: number): string {
  const kept = count <= KEPT_COUNT && offset < KEPT_OFFSET;
  const key = offset * (KEPT_COUNT + 1) + count;
  let run = kept ? made.get(key) : undefined;
  if (run === undefined) {
    run = Array.from({ length: count }, (_, i) => `$${offset + i + 1}`).join(', ');
    if (kept && made.size < KEPT_RUNS) made.set(key, run);
  }
  return run;
}
