/// <reference types="vite/client" />
import { convexTest } from "convex-test";
import schema from "./schema";

// The files Convex itself would deploy: names with more than one dot
// (tests, this setup file, declarations) are skipped, as the Convex bundler does.
// (Vite's glob ignores extglobs like `!(*.*.*)`, so exclude with a negative pattern.)
export const modules = import.meta.glob(["./**/*.*s", "!./**/*.*.*"]);

export function initConvexTest(options: { transactionLimits?: boolean } = {}) {
  return convexTest({ schema, modules, ...options });
}
