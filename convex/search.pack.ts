import type { SearchEntry, SearchIndexData } from "./validators";

// The index travels packed: every distinct body word once, in a shared
// vocabulary (most used first), and each entry's words as a delta-coded list
// of vocabulary positions. Several times smaller than the words themselves,
// and computed from the stored rows at read time, so a sync still writes only
// the rows of the posts it changed.

// Each character carries 5 bits of a number; 32 marks "more characters follow".
const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const VALUE = new Map([...DIGITS].map((c, i) => [c, i]));

/** Ascending distinct non-negative integers as gaps, 5 bits to a character. */
export function encodeIds(ids: ArrayLike<number> & Iterable<number>): string {
  let out = "";
  let previous = -1;
  for (const id of ids) {
    let gap = id - previous - 1;
    previous = id;
    while (gap >= 32) {
      out += DIGITS[32 + (gap & 31)];
      gap = Math.floor(gap / 32);
    }
    out += DIGITS[gap];
  }
  return out;
}

export function decodeIds(text: string): number[] {
  const ids: number[] = [];
  let previous = -1;
  let gap = 0;
  let scale = 1;
  for (const char of text) {
    const value = VALUE.get(char) ?? 0;
    gap += (value & 31) * scale;
    if (value >= 32) {
      scale *= 32;
      continue;
    }
    previous += gap + 1;
    ids.push(previous);
    gap = 0;
    scale = 1;
  }
  return ids;
}

type Row = Omit<SearchEntry, "wordIds"> & { words: string };

/** Stored rows (words as text) to what the browser downloads. */
export function packIndex(rows: readonly Row[]): SearchIndexData {
  const lists = rows.map((row) => (row.words === "" ? [] : row.words.split(" ")));
  const uses = new Map<string, number>();
  for (const list of lists) for (const word of list) uses.set(word, (uses.get(word) ?? 0) + 1);
  const vocabulary = [...uses].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([word]) => word);
  const position = new Map<string, number>();
  vocabulary.forEach((word, i) => position.set(word, i));
  const entries = rows.map(({ words: _, ...row }, i): SearchEntry => {
    // A row's words are distinct (the sync stores them so); typed arrays sort numbers fast.
    const ids = Uint32Array.from(lists[i]!, (word) => position.get(word)!).sort();
    return { ...row, wordIds: encodeIds(ids) };
  });
  return { vocabulary: vocabulary.join(" "), entries };
}

/** An entry's body words, from the vocabulary. */
export function entryWords(vocabulary: readonly string[], entry: SearchEntry): string[] {
  return decodeIds(entry.wordIds).map((id) => vocabulary[id]!);
}
