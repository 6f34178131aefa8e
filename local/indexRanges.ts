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

/** A document's value at a field path (split at its dots), undefined when absent (as convex-test reads it). */
function fieldOf(doc: GenericDocument, path: string[]): Value | undefined {
  // A document is always a plain object; only nested values need the test.
  let value: unknown = doc[path[0]!];
  for (let i = 1; i < path.length; i++) value = isSimpleObject(value) ? value[path[i]!] : undefined;
  return value as Value | undefined;
}

/** A bound's value: `{ $undefined: null }` stands for a missing field. */
function boundValue(value: JSONValue): Value | undefined {
  if (typeof value === "object" && value !== null && !Array.isArray(value) && "$undefined" in value) return undefined;
  return jsonToConvex(value);
}

/**
 * `compareValues` with shortcuts for the common cases, which sorting 30,000
 * documents a few hundred thousand times makes worth having: equal strings,
 * strings whose first difference is below the surrogates (there UTF-16 order
 * is code point order, which is Convex's UTF-8 byte order), and ordinary
 * numbers (NaN and zeros, whose sign matters, go the long way).
 */
function compareValue(a: Value | undefined, b: Value | undefined): number {
  // The same value (two missing fields, most often), but for numbers, whose zeros differ.
  if (a === b && typeof a !== "number") return 0;
  if (typeof a === "string" && typeof b === "string") {
    if (a === b) return 0;
    const n = Math.min(a.length, b.length);
    let i = 0;
    while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i === n) return a.length < b.length ? -1 : 1;
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x < 0xd800 && y < 0xd800) return x < y ? -1 : 1;
  } else if (typeof a === "number" && typeof b === "number") {
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b && a !== 0) return 0;
  } else if (typeof a === "bigint" && typeof b === "bigint") {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return compareValues(a, b);
}

function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < a.length; i++) {
    const order = compareValue(a[i], b[i]);
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

/**
 * Documents in index order. Keys are not stored: at 100,000 documents and a
 * dozen indexes they were over a million arrays, most of start-up's time (in
 * allocation and collection) and a good part of its memory. A key is read
 * from the document when compared, which a binary search does a few dozen
 * times.
 */
export class SortedIndex {
  private readonly keyOf: (doc: GenericDocument) => Key;
  private readonly compareToKey: (doc: GenericDocument, key: Key) => number;

  private constructor(
    readonly fields: string[],
    private readonly docs: GenericDocument[],
  ) {
    this.keyOf = keyMaker(fields);
    this.compareToKey = keyComparer(fields);
  }

  /** `fields` as convex-test orders the index: declared fields, then `_creationTime` and `_id`. */
  static of(fields: string[], docs: Iterable<GenericDocument>): SortedIndex {
    const keyOf = keyMaker(fields);
    const entries: Entry[] = [];
    for (const doc of docs) entries.push({ key: keyOf(doc), doc });
    entries.sort((a, b) => compareKeys(a.key, b.key));
    return new SortedIndex(
      fields,
      entries.map((entry) => entry.doc),
    );
  }

  /**
   * The index as a snapshot saved it, without sorting: `saved` in index
   * order as of the snapshot (the very documents it loaded), less those in
   * `changedIds` (written since), then `changed` (their current versions)
   * sorted and merged in. Null when the saved order cannot be this index any
   * more (keys out of order, a count that does not add up): sort it instead.
   */
  static restored(
    fields: string[],
    saved: readonly GenericDocument[],
    changed: readonly GenericDocument[],
    changedIds: ReadonlySet<string>,
    total: number,
  ): SortedIndex | null {
    const compare = docComparer(fields);
    const kept: GenericDocument[] = [];
    const anyChanged = changedIds.size > 0;
    for (const doc of saved) {
      if (anyChanged && changedIds.has(doc._id as string)) continue;
      if (kept.length > 0 && compare(kept[kept.length - 1]!, doc) >= 0) return null;
      kept.push(doc);
    }
    if (kept.length + changed.length !== total) return null;
    if (changed.length === 0) return new SortedIndex(fields, kept);
    const added = SortedIndex.of(fields, changed).docs;
    const merged: GenericDocument[] = [];
    let i = 0;
    for (const doc of added) {
      while (i < kept.length && compare(kept[i]!, doc) < 0) merged.push(kept[i++]!);
      merged.push(doc);
    }
    while (i < kept.length) merged.push(kept[i++]!);
    return new SortedIndex(fields, merged);
  }

  /** A copy of the list of documents in index order (what a snapshot saves). */
  documents(): GenericDocument[] {
    return this.docs.slice();
  }

  /** An independent copy: later inserts and removals on either leave the other as it was. */
  clone(): SortedIndex {
    return new SortedIndex(this.fields, this.docs.slice());
  }

  get size() {
    return this.docs.length;
  }

  insert(doc: GenericDocument) {
    const key = this.keyOf(doc);
    this.docs.splice(firstWhere(this.docs.length, (i) => this.compareToKey(this.docs[i]!, key) > 0), 0, doc);
  }

  remove(doc: GenericDocument) {
    const key = this.keyOf(doc);
    const at = firstWhere(this.docs.length, (i) => this.compareToKey(this.docs[i]!, key) >= 0);
    if (at < this.docs.length && this.docs[at]!._id === doc._id) this.docs.splice(at, 1);
    else throw new Error(`index on ${this.fields.join(", ")} lost track of ${String(doc._id)}`);
  }

  /**
   * The documents a `withIndex` range can match, in ascending index order:
   * equalities on leading fields, then at most one lower and one upper bound
   * on the next field (convex-test has already refused any other shape).
   */
  range(expressions: RangeExpression[]): GenericDocument[] {
    const { prefix, lower, upper } = boundsOf(expressions);
    const n = prefix.length;
    // Only the first n + 1 fields are compared: a key of that length, read per probe.
    const keyOf = keyMaker(this.fields.slice(0, n + 1));
    const start = firstWhere(this.docs.length, (i) => {
      const key = keyOf(this.docs[i]!);
      const order = compareKeys(key.slice(0, n), prefix);
      if (order !== 0 || lower === null) return order >= 0;
      const vs = compareValues(key[n], lower.value);
      return lower.inclusive ? vs >= 0 : vs > 0;
    });
    const end = firstWhere(this.docs.length, (i) => {
      const key = keyOf(this.docs[i]!);
      const order = compareKeys(key.slice(0, n), prefix);
      if (order !== 0 || upper === null) return order > 0;
      const vs = compareValues(key[n], upper.value);
      return upper.inclusive ? vs > 0 : vs >= 0;
    });
    return this.docs.slice(start, Math.max(start, end));
  }
}

interface Bounds {
  prefix: Key;
  lower: { value: Value | undefined; inclusive: boolean } | null;
  upper: { value: Value | undefined; inclusive: boolean } | null;
}

function boundsOf(expressions: RangeExpression[]): Bounds {
  const bounds: Bounds = { prefix: [], lower: null, upper: null };
  for (const e of expressions) {
    const value = boundValue(e.value);
    if (e.type === "Eq") bounds.prefix.push(value);
    else if (e.type === "Gt" || e.type === "Gte") bounds.lower = { value, inclusive: e.type === "Gte" };
    else bounds.upper = { value, inclusive: e.type === "Lte" };
  }
  return bounds;
}

/**
 * The part of an index a read depended on, as Convex records it in a read
 * set: the range's bounds and, when a limit stopped the read early, the key
 * of the last document read (nothing past it could have changed the answer).
 */
export class IndexInterval {
  private readonly keyOf: (doc: GenericDocument) => Key;
  private readonly bounds: Bounds;

  constructor(
    readonly table: string,
    readonly index: string,
    fields: string[],
    expressions: RangeExpression[],
    /** Key of the last document read, in read order (`desc` reads downwards). */
    private readonly stop: { key: Key; order: "asc" | "desc" } | null,
  ) {
    this.keyOf = keyMaker(fields);
    this.bounds = boundsOf(expressions);
  }

  /** Whether this version of a document of the table lies in the interval. */
  contains(doc: GenericDocument): boolean {
    const key = this.keyOf(doc);
    const { prefix, lower, upper } = this.bounds;
    const n = prefix.length;
    if (compareKeys(key.slice(0, n), prefix) !== 0) return false;
    if (lower !== null) {
      const vs = compareValues(key[n], lower.value);
      if (lower.inclusive ? vs < 0 : vs <= 0) return false;
    }
    if (upper !== null) {
      const vs = compareValues(key[n], upper.value);
      if (upper.inclusive ? vs > 0 : vs >= 0) return false;
    }
    if (this.stop === null) return true;
    const order = compareKeys(key, this.stop.key);
    return this.stop.order === "asc" ? order <= 0 : order >= 0;
  }
}

/** Compares a document's key with `key`, reading the document's fields as it goes. */
function keyComparer(fields: string[]): (doc: GenericDocument, key: Key) => number {
  const paths = fields.map((field) => field.split("."));
  return (doc, key) => {
    for (let i = 0; i < paths.length; i++) {
      const order = compareValue(fieldOf(doc, paths[i]!), key[i]);
      if (order !== 0) return order;
    }
    return 0;
  };
}

/** Compares two documents' keys without building them. */
function docComparer(fields: string[]): (a: GenericDocument, b: GenericDocument) => number {
  const paths = fields.map((field) => field.split("."));
  if (paths.every((path) => path.length === 1)) {
    return (a, b) => {
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i]!;
        const order = compareValue(a[field] as Value | undefined, b[field] as Value | undefined);
        if (order !== 0) return order;
      }
      return 0;
    };
  }
  return (a, b) => {
    for (let i = 0; i < paths.length; i++) {
      const order = compareValue(fieldOf(a, paths[i]!), fieldOf(b, paths[i]!));
      if (order !== 0) return order;
    }
    return 0;
  };
}

function keyMaker(fields: string[]): (doc: GenericDocument) => Key {
  const paths = fields.map((field) => field.split("."));
  if (paths.every((path) => path.length === 1)) {
    // Top-level fields only, the usual case: no path to walk.
    return (doc) => {
      const key: Key = new Array(fields.length);
      for (let i = 0; i < fields.length; i++) key[i] = doc[fields[i]!] as Value | undefined;
      return key;
    };
  }
  return (doc) => paths.map((path) => fieldOf(doc, path));
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
  /** The tables whose indexes are sorted ahead of any read: the schema's and any holding documents. */
  tables(): Iterable<string>;
  /** The indexes of a table sorted ahead of any read. */
  indexesOf(table: string): string[];
  /**
   * The running transaction's uncommitted writes to the table: each written
   * id's latest version, null when deleted.
   */
  pendingWrites(table: string): ReadonlyMap<string, GenericDocument | null>;
  committed(table: string): Iterable<GenericDocument>;
  /** A committed document by id. */
  document(id: string): GenericDocument | undefined;
}

/** One index's documents in order, as a snapshot saves it. */
export interface IndexOrder {
  table: string;
  index: string;
  fields: string[];
  docs: GenericDocument[];
}

/**
 * Index orders saved with the last snapshot in the log, and the ids written
 * by the commits after it (by table), whose saved places may be stale.
 */
export interface SavedOrders {
  /** Each index's documents in order, as the snapshot loaded them. */
  orders: IndexOrder[];
  changed: Map<string, Set<string>>;
}

/** Sorted indexes by table, then by index name. */
export type SortedIndexes = Map<string, Map<string, SortedIndex>>;

/**
 * The sorted indexes, kept in step with commits. `prepare` sorts them all
 * before the backend serves anyone, so a read never waits for a sort (an
 * index it did not know of, such as `by_id`, is still sorted on first read).
 */
export class IndexRanges {
  private built: SortedIndexes = new Map();
  private lateSorts = 0;
  private restoredCount = 0;

  constructor(private readonly source: IndexSource) {}

  /**
   * Sorts every index of `source.tables()` over the committed documents,
   * taking from `carried` (another instance's `export()` of the same
   * documents) each index whose fields are unchanged instead of sorting it,
   * or else restoring it from `saved` (the log's last snapshot) when its
   * fields match there.
   */
  prepare(carried: SortedIndexes = new Map(), saved?: SavedOrders) {
    this.built = new Map();
    this.lateSorts = 0;
    this.restoredCount = 0;
    const savedByTable = new Map<string, Map<string, IndexOrder>>();
    for (const order of saved?.orders ?? []) {
      if (!savedByTable.has(order.table)) savedByTable.set(order.table, new Map());
      savedByTable.get(order.table)!.set(order.index, order);
    }
    for (const table of this.source.tables()) {
      const restore = savedByTable.has(table) ? { orders: savedByTable.get(table)!, changed: saved?.changed.get(table) ?? new Set<string>() } : undefined;
      this.prepareTable(table, carried.get(table), restore);
    }
  }

  /** Each index's order now, for a snapshot (copies of the document lists, the documents shared). */
  orders(): IndexOrder[] {
    return [...this.built].flatMap(([table, indexes]) =>
      [...indexes].map(([index, sorted]) => ({ table, index, fields: sorted.fields, docs: sorted.documents() })),
    );
  }

  /** How many indexes the last `prepare` took from a snapshot's saved order instead of sorting. */
  get restored(): number {
    return this.restoredCount;
  }

  /** Copies of the sorted indexes, for `prepare` on another instance. */
  export(): SortedIndexes {
    return new Map([...this.built].map(([table, indexes]) => [table, new Map([...indexes].map(([name, sorted]) => [name, sorted.clone()]))]));
  }

  /** The indexes sorted so far, as "table.index". */
  sortedIndexes(): string[] {
    return [...this.built].flatMap(([table, indexes]) => [...indexes.keys()].map((name) => `${table}.${name}`));
  }

  /** How many indexes a read had to sort since the last `prepare`. */
  get sortsOnRead(): number {
    return this.lateSorts;
  }

  /**
   * The documents an index range can match, or null to read the whole table
   * instead (an unknown index): the committed ones, each replaced by its
   * pending version when the running transaction wrote it, plus every other
   * document it wrote to the table. With a limit and no filter, only as many
   * committed ones as the limit could need (not when paginating, which reads
   * past its page).
   */
  candidates(query: IndexQuery, paginating: boolean): { table: string; docs: GenericDocument[]; interval: IndexInterval } | null {
    const { source } = query;
    if (source.type !== "IndexRange" || source.indexName === undefined || source.range === undefined) return null;
    const [table, index] = source.indexName.split(".") as [string, string | undefined];
    if (index === undefined) return null;
    let sorted = this.built.get(table)?.get(index);
    if (sorted === undefined) {
      const fields = this.source.fieldsOf(table, index);
      if (fields === null) return null;
      sorted = SortedIndex.of(fields, this.source.committed(table));
      this.lateSorts += 1;
      this.tableIndexes(table).set(index, sorted);
    }
    let docs = sorted.range(source.range);
    const pending = this.source.pendingWrites(table);
    const limit = query.operators.find((op) => op.limit !== undefined)?.limit;
    const order = source.order === "desc" ? "desc" : "asc";
    let stop: GenericDocument | null = null;
    if (!paginating && limit !== undefined && query.operators.every((op) => op.filter === undefined)) {
      // Each written document may stand for one committed candidate that no longer matches.
      const need = limit + pending.size;
      if (docs.length > need) {
        docs = order === "desc" ? docs.slice(docs.length - need) : docs.slice(0, need);
        // Only a read without writes of its own knows where it stopped.
        if (pending.size === 0) stop = order === "desc" ? docs[0]! : docs.at(-1)!;
      }
    }
    const keyOf = keyMaker(sorted.fields);
    const interval = new IndexInterval(table, index, sorted.fields, source.range, stop === null ? null : { key: keyOf(stop), order });
    if (pending.size === 0) return { table, docs, interval };
    // Written documents go in at their new version (convex-test tests each
    // against the range and orders them); deleted ones drop out.
    const merged = docs.filter((doc) => !pending.has(doc._id as string));
    for (const doc of pending.values()) if (doc !== null) merged.push(doc);
    return { table, docs: merged, interval };
  }

  /** After a top-level commit: each written document before and after it. */
  applyCommit(writes: Array<{ table: string; before: GenericDocument | undefined; after: GenericDocument | null }>) {
    const fresh = new Set<string>();
    for (const { table, before, after } of writes) {
      const indexes = this.built.get(table);
      if (indexes === undefined) {
        fresh.add(table);
        continue;
      }
      for (const sorted of indexes.values()) {
        if (before !== undefined) sorted.remove(before);
        if (after !== null) sorted.insert(after);
      }
    }
    // Tables empty at `prepare` and outside the schema (system tables): they
    // now hold only what this commit wrote, so sorting them costs little.
    for (const table of fresh) this.prepareTable(table, undefined);
  }

  private prepareTable(
    table: string,
    carried: Map<string, SortedIndex> | undefined,
    saved?: { orders: Map<string, IndexOrder>; changed: ReadonlySet<string> },
  ) {
    const indexes = new Map<string, SortedIndex>();
    let docs: GenericDocument[] | null = null;
    let changed: GenericDocument[] | null = null;
    for (const name of this.source.indexesOf(table)) {
      const fields = this.source.fieldsOf(table, name);
      if (fields === null) continue;
      const kept = carried?.get(name);
      if (kept !== undefined && sameFields(kept.fields, fields)) {
        indexes.set(name, kept);
        continue;
      }
      docs ??= [...this.source.committed(table)];
      const order = saved?.orders.get(name);
      if (saved !== undefined && order !== undefined && sameFields(order.fields, fields)) {
        changed ??= [...saved.changed].flatMap((id) => {
          const doc = this.source.document(id);
          return doc === undefined ? [] : [doc];
        });
        const restored = SortedIndex.restored(fields, order.docs, changed, saved.changed, docs.length);
        if (restored !== null) {
          indexes.set(name, restored);
          this.restoredCount += 1;
          continue;
        }
      }
      indexes.set(name, SortedIndex.of(fields, docs));
    }
    this.built.set(table, indexes);
  }

  private tableIndexes(table: string): Map<string, SortedIndex> {
    let indexes = this.built.get(table);
    if (indexes === undefined) this.built.set(table, (indexes = new Map()));
    return indexes;
  }
}

const sameFields = (a: string[], b: string[]) => a.length === b.length && a.every((field, i) => field === b[i]);
