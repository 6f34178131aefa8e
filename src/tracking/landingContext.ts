import type { VisitContextInput } from "../../convex/validators";
import type { VisitSignals } from "./visitSignals";

/**
 * The landing view's context. The parsers (a UA parser and a time zone
 * table) load in their own chunk, so they never weigh on a post page's first
 * paint. If that chunk cannot load, the view is still recorded, without context.
 */
export async function landingContext(
  signals: VisitSignals,
): Promise<{ full: VisitContextInput; browser: VisitContextInput } | undefined> {
  try {
    const { buildVisitContext, browserPartOf } = await import("./visitContext");
    const full = buildVisitContext(signals);
    return { full, browser: browserPartOf(full) };
  } catch {
    return undefined;
  }
}
