import { useId, useState } from "react";
import "./links.css";
import { api } from "../../../../../convex/_generated/api";
import type { LinkKind, LinkReport, StatsFilter } from "../../../../../convex/validators";
import { downloadInContext, type CsvContext } from "../csvContext";
import { formatCount } from "../format";
import type { DashboardQueryArgs } from "../types";
import { useKeptQuery } from "../useKeptQuery";
import { linkCsv } from "./linkExports";
import { LinkTable } from "./LinkTable";
import { useSearchParam } from "./useSearchParam";

function Foot({ kind, data, csv, name, grouped }: { kind: LinkKind; data: LinkReport | undefined; csv: CsvContext | undefined; name: string; grouped: boolean }) {
  const noun = kind === "notFound" ? "views" : "clicks";
  return (
    <div className="dash-panel__foot">
      {data?.contextFrom !== undefined && (
        <p className="dash-note">
          Filtered from {formatWhen(data.contextFrom)} on: older {noun} were stored without their visit and can't be filtered.
        </p>
      )}
      {data?.sample !== undefined && (
        <p className="dash-note">
          ≈ Sample: the latest {formatCount(data.sample.events)} matching {noun}, from {formatWhen(data.sample.from)}.
        </p>
      )}
      {data?.truncated && <p className="dash-note">Only the latest days of this range are counted.</p>}
      {data?.visitorsApproximate && <p className="dash-note">≈ Some visitor counts are lower bounds (over 512 a day on one link).</p>}
      {data?.rows.length !== 0 && (
        <button
          type="button"
          className="dash-csv"
          aria-label={`Download ${name} as CSV`}
          disabled={data === undefined || csv === undefined}
          onClick={() => data && csv && downloadInContext(name, csv, linkCsv(kind, grouped, data.rows, data.visitorsApproximate))}
        >
          CSV
        </button>
      )}
    </div>
  );
}

function Body({ data, empty, children }: { data: LinkReport | undefined; empty: string; children: React.ReactNode }) {
  return (
    <div className="dash-panel__body" aria-busy={data === undefined}>
      {data === undefined ? (
        <p role="status" className="dash-placeholder">Loading…</p>
      ) : data.rows.length === 0 ? (
        <p className="dash-placeholder">{empty}</p>
      ) : (
        children
      )}
    </div>
  );
}

/** Missing paths readers hit, by visitors, each with where they came from. */
export function NotFoundPanel({ args, csv, onFilter }: { args: DashboardQueryArgs; csv?: CsvContext; onFilter: (f: StatsFilter) => void }) {
  const headingId = useId();
  const { data } = useKeptQuery(api.links.report, { ...args, kind: "notFound", groupBy: "key" });
  const pinned = args.filters.find((f) => f.dimension === "page")?.value;
  return (
    <section className="dash-panel" aria-labelledby={headingId}>
      <div className="dash-panel__head">
        <h3 id={headingId}>Not found</h3>
      </div>
      <Body data={data} empty="No missing pages visited in this range.">
        <LinkTable
          caption="Missing pages"
          heading="Missing path"
          countLabel="Views"
          fromHeading="from"
          rows={data?.rows ?? []}
          pinned={pinned}
          onPick={(value) => onFilter({ dimension: "page", value })}
        />
      </Body>
      <Foot kind="notFound" data={data} csv={csv} name="Not found" grouped={false} />
    </section>
  );
}

const formatWhen = (ms: number) => new Date(ms).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });

const withoutScheme = (url: string) => url.replace(/^https?:\/\//, "");

/** Outbound links by host, a host's links once picked, and downloads. */
export function OutboundPanel({ args, csv }: { args: DashboardQueryArgs; csv?: CsvContext }) {
  const baseId = useId();
  const [tab, setTab] = useState<"outbound" | "download">("outbound");
  const [host, setHost] = useSearchParam("outHost");
  const grouped = tab === "outbound" && host === null;
  const { data } = useKeptQuery(api.links.report, {
    ...args,
    kind: tab,
    groupBy: grouped ? "host" : "key",
    ...(tab === "outbound" && host !== null ? { host } : {}),
  });
  const tabs = [
    { value: "outbound", label: "Outbound links" },
    { value: "download", label: "Downloads" },
  ] as const;
  return (
    <section className="dash-panel" aria-labelledby={`${baseId}-h`}>
      <div className="dash-panel__head">
        <h3 id={`${baseId}-h`}>Links</h3>
        <div role="tablist" aria-label="Links by" className="dash-tabs">
          {tabs.map((t) => (
            <button key={t.value} type="button" role="tab" aria-selected={tab === t.value} onClick={() => setTab(t.value)}>
              {t.label}
            </button>
          ))}
        </div>
      </div>
      {tab === "outbound" && host !== null && (
        <p className="dash-links__drill">
          Links to <strong>{host}</strong>{" "}
          <button type="button" className="dash-clear" onClick={() => setHost(null)}>
            All hosts
          </button>
        </p>
      )}
      <Body data={data} empty={tab === "outbound" ? "No outbound clicks in this range." : "No downloads in this range."}>
        <LinkTable
          caption={tab === "outbound" ? (grouped ? "Outbound links by host" : `Links to ${host}`) : "Downloads"}
          heading={tab === "outbound" ? (grouped ? "Host" : "Link") : "File"}
          countLabel="Clicks"
          fromHeading="on"
          rows={data?.rows ?? []}
          onPick={grouped ? (value) => setHost(value) : undefined}
          label={(row) => withoutScheme(row.value)}
        />
      </Body>
      <Foot kind={tab} data={data} csv={csv} name={tab === "outbound" ? "Outbound links" : "Downloads"} grouped={grouped} />
    </section>
  );
}
