import type { VisitContext } from "../../convex/validators";
import { readVisitSignals } from "./visitSignals";

/**
 * The landing view's context. The signals are read now, synchronously; the
 * parsers (a UA parser and a time zone table) load in their own chunk, so
 * they never weigh on a post page's first paint. If that chunk cannot load,
 * the view is still recorded, without context.
 */
export async function landingContext(): Promise<VisitContext | undefined> {
  const signals = readVisitSignals();
  try {
    const { buildVisitContext } = await import("./visitContext");
    return buildVisitContext(signals);
  } catch {
    return undefined;
  }
}
