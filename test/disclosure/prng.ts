// A small seeded PRNG (mulberry32) so property tests are reproducible without a dependency.
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** A count that is small (1–9) with the given probability, zero sometimes, else 10–200. */
export function randomCount(random: () => number, smallShare = 0.3): number {
  const r = random();
  if (r < 0.1) return 0;
  if (r < 0.1 + smallShare) return randomInt(random, 1, 9);
  return randomInt(random, 10, 200);
}
