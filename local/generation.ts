// One convex-test instance with one load of the functions. A reload builds a
// new generation and retires the old one.
import { convexTest } from "convex-test";
import { attachInternals, type ConvexTestInternals } from "./convexTestInternals.ts";
import { installLongTimers } from "./longTimers.ts";
import { describeError, loadModules, type LoadedModules } from "./modules.ts";

export type TestConvex = ReturnType<typeof convexTest>;

/**
 * - active: the instance that runs calls and whose commits reach the log.
 * - retiring: inside the reload's own transaction on the old instance, whose
 *   commit (cancelling the old instance's timers' jobs) stays in its memory.
 * - retired: replaced by a reload. It refuses to start a transaction for a
 *   call still running on it and refuses every commit that writes, so its
 *   caller gets an error and nothing it did after the switch is kept.
 * - closed: the backend stopped. Calls are refused as when retired; what the
 *   old instance's own timers do is left in its memory (the log still holds
 *   those jobs as pending, to run after a restart).
 */
export type Phase = "active" | "retiring" | "retired" | "closed";

export interface Generation {
  t: TestConvex;
  internals: ConvexTestInternals;
  modules: LoadedModules | null;
  loadError: string | null;
  phase: Phase;
}

/** A function call lets the process serve I/O at least this often (see AttachOptions). */
const CALL_SLICE_MS = 10;

/** Loads the functions; a load error gives a generation with none. */
export async function buildGeneration(convexDir: string): Promise<Generation> {
  let modules: LoadedModules | null = null;
  let loadError: string | null = null;
  try {
    modules = await loadModules(convexDir);
  } catch (error) {
    loadError = describeError(error);
  }
  // convex-test arms scheduled functions with plain setTimeout (see longTimers.ts).
  installLongTimers();
  const t = convexTest({
    schema: modules?.schema,
    modules: modules?.convexTestModules ?? { "./_generated/api.js": () => Promise.resolve({}) },
    transactionLimits: true,
  });
  return { t, internals: attachInternals(t, { yieldAfterMs: CALL_SLICE_MS }), modules, loadError, phase: "active" };
}
