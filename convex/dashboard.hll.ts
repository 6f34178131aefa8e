// The distinct visitors of one panel row in one bucket, mergeable across
// buckets: while small, the sorted 32-bit hashes of its session ids (exact:
// a union counts each visitor once); past SPARSE_MAX hashes, a HyperLogLog
// of 2^14 one-byte registers (16 KiB, standard error 0.8%). Either form is
// at most 16 KiB. See prds/stats-dashboard.md.
// Pure; the second dot keeps it from being a Convex module.

export const HLL_PRECISION = 14;
const REGISTERS = 1 << HLL_PRECISION;
const ALPHA = 0.7213 / (1 + 1.079 / REGISTERS);
/** Hashes kept exactly; past this the set turns into registers of the same size. */
export const SPARSE_MAX = REGISTERS / 4;

/**
 * Documents one stored set may span: the set, the hashes appended to it
 * since (dashboard.rollup.ts, writeVisitors), and rarely a third that the
 * next write merges. A read of a bucket's sets takes this many per bucket.
 */
export const MAX_DOCS_PER_SET = 3;

/** A visitor set being built or merged in memory. */
export type Visitors = { hashes: Set<number>; registers: Uint8Array | null };
/** How a set is stored: exactly one of the two fields. */
export type StoredVisitors = { hashes?: ArrayBuffer; registers?: ArrayBuffer };

// FNV-1a, then a murmur3 finalizer: session ids from old clients or tests are
// not uniformly random, so they are hashed rather than used as bits.
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function visitorHash(sessionId: string): number {
  let h = (0x811c9dc5 ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < sessionId.length; i++) {
    h ^= sessionId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

export function emptyVisitors(): Visitors {
  return { hashes: new Set(), registers: null };
}

function addToRegisters(registers: Uint8Array, hash: number): void {
  const index = hash >>> (32 - HLL_PRECISION);
  const rest = (hash << HLL_PRECISION) >>> 0;
  const rank = Math.min(Math.clz32(rest), 32 - HLL_PRECISION) + 1;
  if (rank > registers[index]!) registers[index] = rank;
}

function densify(set: Visitors): Uint8Array {
  if (set.registers === null) {
    set.registers = new Uint8Array(REGISTERS);
    for (const h of set.hashes) addToRegisters(set.registers, h);
    set.hashes.clear();
  }
  return set.registers;
}

/** Adds one hash; true when the set changed. */
export function addHash(set: Visitors, hash: number): boolean {
  if (set.registers !== null) {
    const before = set.registers[hash >>> (32 - HLL_PRECISION)];
    addToRegisters(set.registers, hash);
    return set.registers[hash >>> (32 - HLL_PRECISION)] !== before;
  }
  if (set.hashes.has(hash)) return false;
  // Kept exact in memory however large; only the stored form turns dense.
  set.hashes.add(hash);
  return true;
}

/** Merges another set in; true when this one changed. */
export function mergeVisitors(into: Visitors, other: Visitors): boolean {
  let changed = false;
  if (other.registers !== null) {
    const registers = densify(into);
    for (let i = 0; i < REGISTERS; i++) {
      if (other.registers[i]! > registers[i]!) {
        registers[i] = other.registers[i]!;
        changed = true;
      }
    }
  }
  for (const h of other.hashes) if (addHash(into, h)) changed = true;
  return changed;
}

export function fromStored(stored: StoredVisitors): Visitors {
  if (stored.registers !== undefined && stored.registers.byteLength === REGISTERS) {
    return { hashes: new Set(), registers: new Uint8Array(stored.registers.slice(0)) };
  }
  const hashes = stored.hashes === undefined ? new Uint32Array(0) : new Uint32Array(stored.hashes.slice(0));
  return { hashes: new Set(hashes), registers: null };
}

export function toStored(set: Visitors): StoredVisitors {
  if (set.hashes.size > SPARSE_MAX) densify(set);
  if (set.registers !== null) return { registers: set.registers.slice().buffer };
  return { hashes: Uint32Array.from([...set.hashes].sort((a, b) => a - b)).buffer };
}

/** The set's size: exact while sparse, the HyperLogLog estimate once dense. */
export function countVisitors(set: Visitors): { count: number; exact: boolean } {
  if (set.registers === null) return { count: set.hashes.size, exact: true };
  return { count: estimate(set.registers), exact: false };
}

function estimate(registers: Uint8Array): number {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < REGISTERS; i++) {
    sum += 2 ** -registers[i]!;
    if (registers[i] === 0) zeros++;
  }
  const raw = (ALPHA * REGISTERS * REGISTERS) / sum;
  // Linear counting is the better estimate while many registers are empty.
  if (raw <= 2.5 * REGISTERS && zeros > 0) return Math.round(REGISTERS * Math.log(REGISTERS / zeros));
  return Math.round(raw);
}
