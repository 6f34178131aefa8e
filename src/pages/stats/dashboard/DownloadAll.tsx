import { useConvex } from "convex/react";
import { api } from "../../../../convex/_generated/api";
import { MAX_BREAKDOWN_ROWS } from "../../../../convex/constants";
import { pastOnly } from "./chartScale";
import { saveBlob } from "./csv";
import { csvFilename, type CsvContext } from "./csvContext";
import { breakdownCsv, seriesCsv } from "./exports";
import { DIMENSION_LABELS, DIMENSIONS } from "./params";
import type { StatsDimension } from "../../../../convex/validators";
import type { DashboardBreakdown, DashboardQueryArgs, DashboardSeries } from "./types";
import { useDownloadTask } from "./useDownloadTask";

/** Every list and the chart of this view (range and filters), one CSV each, in one zip. */
export async function zipOfView(
  ask: { series: () => Promise<DashboardSeries>; breakdown: (dimension: StatsDimension) => Promise<DashboardBreakdown> },
  context: CsvContext,
  now: number,
): Promise<Uint8Array<ArrayBuffer>> {
  // fflate only arrives when someone asks for a zip.
  const [{ zipSync, strToU8 }, series, ...lists] = await Promise.all([
    import("fflate"),
    ask.series(),
    ...DIMENSIONS.map((dimension) => ask.breakdown(dimension)),
  ]);
  const files: Record<string, Uint8Array> = { "chart.csv": strToU8(seriesCsv(pastOnly(series, now), context)) };
  DIMENSIONS.forEach((dimension, i) => {
    const list = lists[i]!;
    const name = DIMENSION_LABELS[dimension];
    files[`${name.toLowerCase().replaceAll(" ", "-")}.csv`] = strToU8(breakdownCsv(name, dimension, list.rows, context, list));
  });
  return zipSync(files) as Uint8Array<ArrayBuffer>;
}

export function DownloadAll({ args, context }: { args: DashboardQueryArgs; context: CsvContext | undefined }) {
  const convex = useConvex();
  const { busy, failed, run } = useDownloadTask(async (ctx: CsvContext) => {
    const zip = await zipOfView(
      {
        series: () => convex.query(api.dashboard.series, args),
        breakdown: (dimension) => convex.query(api.dashboard.breakdown, { ...args, dimension, limit: MAX_BREAKDOWN_ROWS }),
      },
      ctx,
      Date.now(),
    );
    saveBlob(csvFilename("all", ctx, "zip"), new Blob([zip], { type: "application/zip" }));
  });
  return (
    <>
      <button
        type="button"
        className="dash-csv"
        disabled={context === undefined || busy}
        aria-describedby={failed ? "dash-zip-failed" : undefined}
        onClick={() => context && void run(context)}
      >
        {busy ? "Preparing…" : "Download all as CSV (zip)"}
      </button>
      {failed && (
        <p id="dash-zip-failed" role="alert" className="dash-note">
          The zip could not be made; try again.
        </p>
      )}
    </>
  );
}
