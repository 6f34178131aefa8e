import type { GenericDocument } from "convex/server";
import { compareValues, convexToJson, type Value } from "convex/values";
import { describe, expect, test } from "vitest";
import { IndexRanges, SortedIndex, type IndexQuery, type IndexSource, type IndexOrder, type RangeExpression } from "./indexRanges.ts";

const docs: GenericDocument[] = [];
for (let i = 0; i < 300; i++) {
  const doc: GenericDocument = { _id: `${10000 + i}items`, _creationTime: 1000 + i, group: `g${i % 7}`, n: (i * 37) % 50 };
  if (i % 11 === 0) delete doc.n; // a missing field sorts first
  docs.push(doc);
}
const fields = ["group", "n", "_creationTime", "_id"];

/** What convex-test would keep after testing every document. */
function bruteForce(all: GenericDocument[], range: RangeExpression[]): unknown[] {
  const keep = all.filter((doc) =>
    range.every((e) => {
      const order = compareValues(doc[e.fieldPath] as Value | undefined, e.value as Value);
      return { Eq: order === 0, Gt: order > 0, Gte: order >= 0, Lt: order < 0, Lte: order <= 0 }[e.type];
    }),
  );
  return keep.map((d) => d._id).sort();
}

const eq = (fieldPath: string, value: Value): RangeExpression => ({ type: "Eq", fieldPath, value: convexToJson(value) });
const bound = (type: RangeExpression["type"], value: number): RangeExpression => ({ type, fieldPath: "n", value });

test.each([
  { name: "everything", range: [] },
  { name: "one group", range: [eq("group", "g3")] },
  { name: "a group and n", range: [eq("group", "g3"), eq("n", 12)] },
  { name: "gt", range: [eq("group", "g2"), bound("Gt", 20)] },
  { name: "gte and lt", range: [eq("group", "g2"), bound("Gte", 20), bound("Lt", 40)] },
  { name: "gt and lte", range: [eq("group", "g5"), bound("Gt", 0), bound("Lte", 17)] },
  { name: "a group that does not exist", range: [eq("group", "zzz")] },
])("an index range holds exactly the documents a full test keeps: $name", ({ range }) => {
  const index = SortedIndex.of(fields, docs);
  expect(index.range(range).map((d) => d._id).sort()).toEqual(bruteForce(docs, range));
});

test("inserts and removals keep the order", () => {
  const index = SortedIndex.of(fields, docs.slice(0, 150));
  for (const doc of docs.slice(150)) index.insert(doc);
  for (const doc of docs.filter((_, i) => i % 3 === 0)) index.remove(doc);
  const left = docs.filter((_, i) => i % 3 !== 0);
  const all = index.range([]);
  expect(all.map((d) => d._id).sort()).toEqual(left.map((d) => d._id).sort());
  for (let i = 1; i < all.length; i++) {
    const a = fields.map((f) => all[i - 1]![f] as Value | undefined);
    const b = fields.map((f) => all[i]![f] as Value | undefined);
    expect(compareValues(a as Value, b as Value)).toBeLessThan(0);
  }
  expect(index.range([eq("group", "g4"), bound("Gte", 10)]).map((d) => d._id).sort()).toEqual(
    bruteForce(left, [eq("group", "g4"), bound("Gte", 10)]),
  );
});

test("a transaction's own writes replace, drop or add candidates, with and without a limit", () => {
  const order = (a: GenericDocument, b: GenericDocument) =>
    compareValues(fields.map((f) => a[f]) as Value, fields.map((f) => b[f]) as Value);
  const committed = docs.filter((d) => d.group === "g1").sort(order);
  const [first, second, third] = committed;
  const inserted: GenericDocument = { _id: "99999items", _creationTime: 5000, group: "g1", n: 49 };
  const pending = new Map<string, GenericDocument | null>([
    [first!._id as string, { ...first!, group: "elsewhere" }],
    [second!._id as string, null],
    [inserted._id as string, inserted],
  ]);
  const ranges = new IndexRanges({
    fieldsOf: () => fields,
    tables: () => ["items"],
    indexesOf: () => ["by_group_and_n"],
    pendingWrites: (table) => (table === "items" ? pending : new Map()),
    committed: () => docs,
    document: () => undefined,
  });
  // What convex-test keeps of the candidates: those in the range, in index order, up to the limit.
  const kept = (limit?: number) => {
    const query = { source: { type: "IndexRange", indexName: "items.by_group_and_n", range: [eq("group", "g1")] }, operators: limit === undefined ? [] : [{ limit }] };
    const ids = ranges.candidates(query, false)!.docs.filter((d) => d.group === "g1").sort(order).map((d) => d._id);
    return ids.slice(0, limit ?? ids.length);
  };
  expect(kept()).toEqual([...committed.slice(2), inserted].sort(order).map((d) => d._id));
  // The first two committed candidates are gone: a limit of one still finds the third.
  expect(kept(1)).toEqual([third!._id]);
});

test("strings, numbers and bigints sort as Convex orders them, shortcuts included", () => {
  // Surrogate pairs against characters above them, where UTF-16 and UTF-8 order differ; zeros, NaN, infinities.
  const values: Value[] = ["", "a", "ab", "b", "\u00e9", "\uffff", "\ud83d\ude00", "x\ud83d\ude00", "x\uffff", 0, -0, 1, -1, NaN, Infinity, -Infinity, 0.5, 2n, -3n, 0n, true, null];
  const many = values.map((value, i): GenericDocument => ({ _id: `${20000 + i}items`, _creationTime: 5000 + i, v: value }));
  const index = SortedIndex.of(["v", "_creationTime", "_id"], many);
  const expected = [...many].sort((a, b) => compareValues(a.v as Value, b.v as Value) || compareValues(a._creationTime, b._creationTime));
  expect(index.range([]).map((d) => d._id)).toEqual(expected.map((d) => d._id));
});

test("a copy and its original change independently", () => {
  const original = SortedIndex.of(fields, docs.slice(0, 10));
  const copy = original.clone();
  copy.insert(docs[10]!);
  original.remove(docs[0]!);
  expect(original.size).toBe(9);
  expect(copy.size).toBe(11);
});

/** Each index's order as a snapshot saves it. */
const savedOf = (ranges: IndexRanges): IndexOrder[] => ranges.orders();

describe("IndexRanges", () => {
  const items = docs.slice(0, 40);
  const byGroup = (range: RangeExpression[] = [eq("group", "g3")]): IndexQuery => ({
    source: { type: "IndexRange", indexName: "items.by_group", range, order: "asc" },
    operators: [],
  });
  function source(tables: Record<string, GenericDocument[]>) {
    const reads: string[] = [];
    const indexSource: IndexSource = {
      fieldsOf: (_table, index) => (index === "by_group" ? ["group", "_creationTime", "_id"] : index === "by_creation_time" ? ["_creationTime", "_id"] : null),
      tables: () => Object.keys(tables),
      indexesOf: () => ["by_group", "by_creation_time"],
      pendingWrites: () => new Map(),
      committed: (table) => {
        reads.push(table);
        return tables[table] ?? [];
      },
      document: (id) => Object.values(tables).flat().find((doc) => doc._id === id),
    };
    return { indexSource, reads };
  }

  test("after prepare, a first read sorts nothing", () => {
    const { indexSource, reads } = source({ items });
    const ranges = new IndexRanges(indexSource);
    ranges.prepare();
    expect(ranges.sortedIndexes()).toEqual(["items.by_group", "items.by_creation_time"]);
    reads.length = 0;
    const found = ranges.candidates(byGroup(), false);
    expect(found?.docs.map((d) => d._id).sort()).toEqual(bruteForce(items, [eq("group", "g3")]));
    expect(reads).toEqual([]);
    expect(ranges.sortsOnRead).toBe(0);
  });

  test("an index it was not told of is sorted on first read, and counted", () => {
    const { indexSource } = source({ items });
    const ranges = new IndexRanges({ ...indexSource, indexesOf: () => [] });
    ranges.prepare();
    expect(ranges.candidates(byGroup(), false)?.docs).toHaveLength(bruteForce(items, [eq("group", "g3")]).length);
    expect(ranges.sortsOnRead).toBe(1);
  });

  test("prepare takes carried copies with the same fields instead of sorting", () => {
    const first = new IndexRanges(source({ items }).indexSource);
    first.prepare();
    const carried = first.export();
    // Changes after the export stay with the first instance.
    first.applyCommit([{ table: "items", before: undefined, after: docs[100]! }]);
    const { indexSource, reads } = source({ items });
    const second = new IndexRanges(indexSource);
    second.prepare(carried);
    expect(reads).toEqual([]);
    expect(second.candidates(byGroup([]), false)?.docs).toHaveLength(items.length);
    expect(first.candidates(byGroup([]), false)?.docs).toHaveLength(items.length + 1);
  });

  test("a carried index whose fields changed is sorted again", () => {
    const first = new IndexRanges(source({ items }).indexSource);
    first.prepare();
    const { indexSource, reads } = source({ items });
    const second = new IndexRanges({ ...indexSource, fieldsOf: (table, index) => (index === "by_group" ? ["n", "_creationTime", "_id"] : indexSource.fieldsOf(table, index)) });
    second.prepare(first.export());
    expect(reads).toEqual(["items"]);
    const byN = second.candidates({ ...byGroup([bound("Lt", 10)]) }, false);
    expect(byN?.docs.map((d) => d._id).sort()).toEqual(bruteForce(items, [bound("Lt", 10)]));
  });

  test("prepare restores a saved order without sorting, merging documents written since", () => {
    const first = new IndexRanges(source({ items }).indexSource);
    first.prepare();
    const saved = savedOf(first);
    // After the snapshot: one document moved to another group, one deleted, one added.
    const moved: GenericDocument = { ...items[3]!, group: "g0" };
    const now = [...items.filter((_, i) => i !== 3 && i !== 5), moved, docs[200]!];
    const changed = new Map([["items", new Set([moved._id as string, items[5]!._id as string, docs[200]!._id as string])]]);
    const second = new IndexRanges(source({ items: now }).indexSource);
    second.prepare(new Map(), { orders: saved, changed });
    expect(second.restored).toBe(2);
    const sorted = new IndexRanges(source({ items: now }).indexSource);
    sorted.prepare();
    expect(savedOf(second)).toEqual(savedOf(sorted));
    expect(second.candidates(byGroup([eq("group", "g0")]), false)?.docs.map((d) => d._id).sort()).toEqual(bruteForce(now, [eq("group", "g0")]));
  });

  test("a saved order that no longer fits the documents is sorted instead", () => {
    const first = new IndexRanges(source({ items }).indexSource);
    first.prepare();
    const saved = savedOf(first);
    // Out of order, an id missing although nothing was written, and other fields.
    const shuffled = saved.map((o) => (o.index === "by_group" ? { ...o, docs: [...o.docs].reverse() } : { ...o, docs: o.docs.slice(1) }));
    const second = new IndexRanges(source({ items }).indexSource);
    second.prepare(new Map(), { orders: shuffled, changed: new Map() });
    expect(second.restored).toBe(0);
    const sorted = new IndexRanges(source({ items }).indexSource);
    sorted.prepare();
    expect(savedOf(second)).toEqual(savedOf(sorted));
    const otherFields = saved.map((o) => ({ ...o, fields: ["n", ...o.fields] }));
    const third = new IndexRanges(source({ items }).indexSource);
    third.prepare(new Map(), { orders: otherFields, changed: new Map() });
    expect(third.restored).toBe(0);
    expect(savedOf(third)).toEqual(savedOf(sorted));
  });

  test("a table first written after prepare gets its indexes from that commit", () => {
    const tables: Record<string, GenericDocument[]> = {};
    const { indexSource } = source(tables);
    const ranges = new IndexRanges(indexSource);
    ranges.prepare();
    tables.items = items.slice(0, 2);
    ranges.applyCommit(items.slice(0, 2).map((after) => ({ table: "items", before: undefined, after })));
    expect(ranges.candidates(byGroup([]), false)?.docs).toHaveLength(2);
    expect(ranges.sortsOnRead).toBe(0);
  });
});

test("a read's interval holds its range, cut after the last document a limit let it read, in either order", () => {
  const ranges = new IndexRanges({
    fieldsOf: () => fields,
    tables: () => ["items"],
    indexesOf: () => ["by_group_and_n"],
    pendingWrites: () => new Map(),
    committed: () => docs,
    document: () => undefined,
  });
  const read = (order: "asc" | "desc", limit?: number) => {
    const source = { type: "IndexRange", indexName: "items.by_group_and_n", range: [eq("group", "g2"), bound("Gte", 10)], order };
    const result = ranges.candidates({ source, operators: limit === undefined ? [] : [{ limit }] }, false)!;
    return { interval: result.interval, docs: result.docs };
  };
  const at = (n: number, group = "g2"): GenericDocument => ({ _id: "99999items", _creationTime: 99_999, group, n });
  const whole = read("asc").interval;
  expect([whole.contains(at(10)), whole.contains(at(49)), whole.contains(at(9)), whole.contains(at(20, "g3"))]).toEqual([true, true, false, false]);
  // Ascending, three read: a document past the third cannot change the answer; one before it can.
  const up = read("asc", 3);
  const third = up.docs.at(-1)!;
  expect(up.interval.contains(at(10))).toBe(true);
  expect(up.interval.contains(third)).toBe(true);
  expect(up.interval.contains(at((third.n as number) + 1))).toBe(false);
  // Descending, the cut is at the lowest key read.
  const down = read("desc", 3);
  const lowest = down.docs[0]!;
  expect(down.interval.contains(at(49))).toBe(true);
  expect(down.interval.contains(at((lowest.n as number) - 1))).toBe(false);
});
