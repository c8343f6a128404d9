// Reproducible property tests: the project's seeded generator, and helpers around it.
export { seededRandom } from '../../src/domain/seeded-random.ts';

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
