// A subscription's argument size and cache digest, computed from the parsed
// value without serializing it again. JSON.stringify of 15 MiB of arguments
// (and the digest of that copy) cost the whole process a quarter to a third
// of a second per frame, twice for each accepted subscription: other
// clients' calls waited behind it (prds/local-backend.md).
import type { Hash } from "node:crypto";
import type { JSONValue } from "convex/values";

/**
 * The arguments' size in bytes: their JSON text's length in UTF-8, with a
 * string counted by its characters rather than by how JSON escapes them
 * (as Convex sizes a value). Buffer.byteLength reads a string natively, with
 * no copy.
 */
export function argsBytes(value: JSONValue | undefined): number {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case "boolean":
      return value ? 4 : 5;
    case "number":
      return Number.isFinite(value) ? String(value).length : 4;
    case "string":
      return Buffer.byteLength(value, "utf8") + 2;
    default: {
      if (Array.isArray(value)) {
        let bytes = 2 + Math.max(0, value.length - 1);
        for (const item of value) bytes += argsBytes(item);
        return bytes;
      }
      let bytes = 2;
      let fields = 0;
      for (const key in value) {
        const field = value[key];
        if (field === undefined) continue;
        bytes += (fields++ === 0 ? 0 : 1) + Buffer.byteLength(key, "utf8") + 3 + argsBytes(field);
      }
      return bytes;
    }
  }
}

/**
 * Feeds the value to a digest in an unambiguous form: every string with its
 * length, handed to the hash as it is (no JSON copy). A string with a lone
 * surrogate goes in as UTF-16, which UTF-8 could not tell apart.
 */
export function digestArgs(hash: Hash, value: JSONValue | undefined): void {
  if (value === null || value === undefined) {
    hash.update("n");
    return;
  }
  switch (typeof value) {
    case "boolean":
      hash.update(value ? "t" : "f");
      return;
    case "number":
      hash.update(`d${value};`);
      return;
    case "string":
      digestString(hash, value);
      return;
    default:
      if (Array.isArray(value)) {
        hash.update(`[${value.length};`);
        for (const item of value) digestArgs(hash, item);
        return;
      }
      hash.update("{");
      for (const key in value) {
        const field = value[key];
        if (field === undefined) continue;
        digestString(hash, key);
        digestArgs(hash, field);
      }
      hash.update("}");
  }
}

// ES2024, in every Node this project runs on; the project's TypeScript lib is ES2023.
const isWellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();

function digestString(hash: Hash, text: string): void {
  const wellFormed = isWellFormed(text);
  hash.update(`${wellFormed ? "s" : "u"}${text.length};`);
  hash.update(text, wellFormed ? "utf8" : "utf16le");
}
