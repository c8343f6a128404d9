// Clustering scored pairs into persons without chaining. Edges are taken strongest first
// (union-find); merging two clusters that already hold several records needs the support
// of the pairs between them, not just the one edge that proposed the merge: half of them must
// score above the threshold, and their mean match weight must not fall below `minMeanWeight`.
// So a single wrong link cannot join two families of records, and a record scoring +1 with one
// of a woman's records and -12 with the other does not join her (with half the pairs alone it
// did, whatever the other pair said), while "Carmen QUISPE" still joins "María del Carmen Quispe
// Huamán" and "Maria Quispi Guaman" (+10.6 with the first, -9.8 with the second: Carmen ≠ Maria).

export interface ClusterOptions {
  /** Edges with weight below this do not link (0 = probability 0.5). */
  readonly threshold: number;
  /** Share of cross pairs that must score above the threshold for a multi-record merge. */
  readonly minSupport: number;
  /** Mean match weight of the cross pairs a multi-record merge needs as well (log2 odds). */
  readonly minMeanWeight: number;
  /** At most this many cross pairs are scored to check a merge (sampled evenly). */
  readonly maxChecks: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { threshold: 0, minSupport: 0.5, minMeanWeight: -3, maxChecks: 64 };

export interface ClusterResult {
  /** Cluster number per record, 0..clusterCount-1, in order of first appearance. */
  readonly clusterOf: Int32Array;
  readonly clusterCount: number;
  readonly rejectedMerges: number;
}

/**
 * @param edges packed pairs (left, right) and their weights, any order
 * @param weightOf scores any pair on demand (for the support check)
 */
export function clusterPairs(
  recordCount: number,
  left: Int32Array,
  right: Int32Array,
  weights: Float32Array | Float64Array,
  weightOf: (i: number, j: number) => number,
  options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS,
): ClusterResult {
  const parent = new Int32Array(recordCount);
  for (let i = 0; i < recordCount; i++) parent[i] = i;
  const members: (number[] | undefined)[] = new Array(recordCount);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[x] !== r) {
      const next = parent[x] as number;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  const membersOf = (root: number): number[] => {
    let list = members[root];
    if (!list) {
      list = [root];
      members[root] = list;
    }
    return list;
  };

  const order: number[] = [];
  for (let e = 0; e < weights.length; e++) if ((weights[e] as number) >= options.threshold) order.push(e);
  order.sort((x, y) => (weights[y] as number) - (weights[x] as number));

  let rejected = 0;
  for (const e of order) {
    const ra = find(left[e] as number);
    const rb = find(right[e] as number);
    if (ra === rb) continue;
    const ma = membersOf(ra);
    const mb = membersOf(rb);
    if (ma.length > 1 || mb.length > 1) {
      if (!supported(ma, mb, weightOf, options)) {
        rejected++;
        continue;
      }
    }
    // Union by size; the larger keeps its member list.
    const [big, small] = ma.length >= mb.length ? [ra, rb] : [rb, ra];
    parent[small] = big;
    const bigList = membersOf(big);
    for (const x of membersOf(small)) bigList.push(x);
    members[small] = undefined;
  }

  const clusterOf = new Int32Array(recordCount);
  const numberOfRoot = new Int32Array(recordCount).fill(-1);
  let clusterCount = 0;
  for (let i = 0; i < recordCount; i++) {
    const root = find(i);
    if (numberOfRoot[root] === -1) numberOfRoot[root] = clusterCount++;
    clusterOf[i] = numberOfRoot[root] as number;
  }
  return { clusterOf, clusterCount, rejectedMerges: rejected };
}

function supported(a: number[], b: number[], weightOf: (i: number, j: number) => number, options: ClusterOptions): boolean {
  const total = a.length * b.length;
  const step = total <= options.maxChecks ? 1 : total / options.maxChecks;
  let checked = 0;
  let agree = 0;
  let sum = 0;
  for (let k = 0; k < total; k += step) {
    const idx = Math.floor(k);
    const i = a[Math.floor(idx / b.length)] as number;
    const j = b[idx % b.length] as number;
    checked++;
    const w = weightOf(i, j);
    if (w >= options.threshold) agree++;
    sum += w;
  }
  return agree >= options.minSupport * checked && sum >= options.minMeanWeight * checked;
}
