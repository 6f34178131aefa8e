/// <reference types="vite/client" />
import { convexTest } from "convex-test";
import { ConvexError } from "convex/values";
import { expect } from "vitest";
import { attachInternals } from "../local/convexTestInternals";
import schema from "./schema";

// The files Convex itself would deploy: names with more than one dot
// (tests, this setup file, declarations) are skipped, as the Convex bundler does.
// (Vite's glob ignores extglobs like `!(*.*.*)`, so exclude with a negative pattern.)
export const modules = import.meta.glob(["./**/*.*s", "!./**/*.*.*"]);

/**
 * convex-test reads a table by listing every id of the database; the local
 * backend's table and index lists (local/convexTestInternals.ts) hand it an
 * index range's candidates instead, which it still tests, orders and counts
 * against the limits itself. Tests seeding thousands of documents take a
 * fraction of the time with them.
 */
export function initConvexTest(options: { transactionLimits?: boolean } = {}) {
  const t = convexTest({ schema, modules, ...options });
  attachInternals(t);
  return t;
}

/** Bad input must fail as a ConvexError, whose message reaches the caller intact. */
export async function expectConvexError(call: Promise<unknown>, message: RegExp) {
  const error: unknown = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConvexError);
  expect(String((error as ConvexError<string>).data)).toMatch(message);
}
