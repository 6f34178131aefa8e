// Sorted copies of a table's indexes, so an indexed read finds its range by
// binary search instead of testing every document of the table. Used only by
// convexTestInternals.ts, which feeds it committed documents and commits;
// convex-test still applies its own range test, filters and order to what
// this returns, so a candidate list that is too wide stays correct.
import type { GenericDocument } from "convex/server";
import { compareValues, jsonToConvex, type JSONValue, type Value } from "convex/values";

/** One `withIndex` bound as a query sends it. */
export interface RangeExpression {
  type: "Eq" | "Gt" | "Gte" | "Lt" | "Lte";
  fieldPath: string;
  value: JSONValue;
}

type Key = Array<Value | undefined>;
interface Entry {
  key: Key;
  doc: GenericDocument;
}

const isSimpleObject = (value: unknown): value is Record<string, Value> => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  return proto === null || proto === Object.prototype || proto.constructor?.name === "Object";
};

/** A document's value at a dotted field path, undefined when absent (as convex-test reads it). */
function fieldOf(doc: GenericDocument, fieldPath: string): Value | undefined {
  let value: unknown = doc;
  for (const part of fieldPath.split(".")) value = isSimpleObject(value) ? value[part] : undefined;
  return value as Value | undefined;
}

/** A bound's value: `{ $undefined: null }` stands for a missing field. */
function boundValue(value: JSONValue): Value | undefined {
  if (typeof value === "object" && value !== null && !Array.isArray(value) && "$undefined" in value) return undefined;
  return jsonToConvex(value);
}

function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < a.length; i++) {
    const order = compareValues(a[i], b[i]);
    if (order !== 0) return order;
  }
  return 0;
}

/** First index in [0, n) where `test` holds; `test` must be false, then true. */
function firstWhere(n: number, test: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export class SortedIndex {
  private readonly entries: Entry[];

  /** `fields` as convex-test orders the index: declared fields, then `_creationTime` and `_id`. */
  constructor(
    readonly fields: string[],
    docs: Iterable<GenericDocument>,
  ) {
    this.entries = [...docs].map((doc) => ({ key: this.keyOf(doc), doc }));
    this.entries.sort((a, b) => compareKeys(a.key, b.key));
  }

  get size() {
    return this.entries.length;
  }

  insert(doc: GenericDocument) {
    const key = this.keyOf(doc);
    this.entries.splice(firstWhere(this.entries.length, (i) => compareKeys(this.entries[i]!.key, key) > 0), 0, { key, doc });
  }

  remove(doc: GenericDocument) {
    const key = this.keyOf(doc);
    const at = firstWhere(this.entries.length, (i) => compareKeys(this.entries[i]!.key, key) >= 0);
    if (at < this.entries.length && this.entries[at]!.doc._id === doc._id) this.entries.splice(at, 1);
    else throw new Error(`index on ${this.fields.join(", ")} lost track of ${String(doc._id)}`);
  }

  /**
   * The documents a `withIndex` range can match, in ascending index order:
   * equalities on leading fields, then at most one lower and one upper bound
   * on the next field (convex-test has already refused any other shape).
   */
  range(expressions: RangeExpression[]): GenericDocument[] {
    const prefix: Key = [];
    let lower: { value: Value | undefined; inclusive: boolean } | null = null;
    let upper: { value: Value | undefined; inclusive: boolean } | null = null;
    for (const e of expressions) {
      const value = boundValue(e.value);
      if (e.type === "Eq") prefix.push(value);
      else if (e.type === "Gt" || e.type === "Gte") lower = { value, inclusive: e.type === "Gte" };
      else upper = { value, inclusive: e.type === "Lte" };
    }
    const n = prefix.length;
    const comparePrefix = (key: Key) => compareKeys(key.slice(0, n), prefix);
    const start = firstWhere(this.entries.length, (i) => {
      const key = this.entries[i]!.key;
      const order = comparePrefix(key);
      if (order !== 0 || lower === null) return order >= 0;
      const vs = compareValues(key[n], lower.value);
      return lower.inclusive ? vs >= 0 : vs > 0;
    });
    const end = firstWhere(this.entries.length, (i) => {
      const key = this.entries[i]!.key;
      const order = comparePrefix(key);
      if (order !== 0 || upper === null) return order > 0;
      const vs = compareValues(key[n], upper.value);
      return upper.inclusive ? vs > 0 : vs >= 0;
    });
    return this.entries.slice(start, Math.max(start, end)).map((entry) => entry.doc);
  }

  private keyOf(doc: GenericDocument): Key {
    return this.fields.map((field) => fieldOf(doc, field));
  }
}

/** A query as Convex's query builder serializes it (the part read here). */
export interface IndexQuery {
  source: { type: string; tableName?: string; indexName?: string; order?: "asc" | "desc"; range?: RangeExpression[] };
  operators: Array<{ filter?: unknown; limit?: number }>;
}

/** What IndexRanges needs to know about the database. */
export interface IndexSource {
  /** The index's fields in sort order, or null if there is no such index. */
  fieldsOf(table: string, index: string): string[] | null;
  /**
   * The running transaction's uncommitted writes to the table: each written
   * id's latest version, null when deleted.
   */
  pendingWrites(table: string): ReadonlyMap<string, GenericDocument | null>;
  committed(table: string): Iterable<GenericDocument>;
}

/** The sorted indexes built so far, by "table.index", kept in step with commits. */
export class IndexRanges {
  private readonly built = new Map<string, SortedIndex>();

  constructor(private readonly source: IndexSource) {}

  /**
   * The documents an index range can match, or null to read the whole table
   * instead (an unknown index): the committed ones, each replaced by its
   * pending version when the running transaction wrote it, plus every other
   * document it wrote to the table. With a limit and no filter, only as many
   * committed ones as the limit could need (not when paginating, which reads
   * past its page).
   */
  candidates(query: IndexQuery, paginating: boolean): { table: string; docs: GenericDocument[] } | null {
    const { source } = query;
    if (source.type !== "IndexRange" || source.indexName === undefined || source.range === undefined) return null;
    const [table, index] = source.indexName.split(".") as [string, string | undefined];
    if (index === undefined) return null;
    const key = `${table}.${index}`;
    let sorted = this.built.get(key);
    if (sorted === undefined) {
      const fields = this.source.fieldsOf(table, index);
      if (fields === null) return null;
      sorted = new SortedIndex(fields, this.source.committed(table));
      this.built.set(key, sorted);
    }
    let docs = sorted.range(source.range);
    const pending = this.source.pendingWrites(table);
    const limit = query.operators.find((op) => op.limit !== undefined)?.limit;
    if (!paginating && limit !== undefined && query.operators.every((op) => op.filter === undefined)) {
      // Each written document may stand for one committed candidate that no longer matches.
      const need = limit + pending.size;
      docs = source.order === "desc" ? docs.slice(Math.max(0, docs.length - need)) : docs.slice(0, need);
    }
    if (pending.size === 0) return { table, docs };
    // Written documents go in at their new version (convex-test tests each
    // against the range and orders them); deleted ones drop out.
    const merged = docs.filter((doc) => !pending.has(doc._id as string));
    for (const doc of pending.values()) if (doc !== null) merged.push(doc);
    return { table, docs: merged };
  }

  /** After a top-level commit: each written document before and after it. */
  applyCommit(writes: Array<{ table: string; before: GenericDocument | undefined; after: GenericDocument | null }>) {
    if (this.built.size === 0) return;
    for (const { table, before, after } of writes) {
      for (const [key, sorted] of this.built) {
        if (!key.startsWith(`${table}.`)) continue;
        if (before !== undefined) sorted.remove(before);
        if (after !== null) sorted.insert(after);
      }
    }
  }

  /** The documents were replaced or a commit undone: build again when next needed. */
  clear() {
    this.built.clear();
  }
}
