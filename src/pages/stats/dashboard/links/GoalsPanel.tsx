import { useId } from "react";
import { useSearchParams } from "react-router-dom";
import { api } from "../../../../../convex/_generated/api";
import type { GoalReport } from "../../../../../convex/validators";
import { downloadInContext, type CsvContext } from "../csvContext";
import { formatCount, formatPercent } from "../format";
import type { DashboardQueryArgs } from "../types";
import { useKeptQuery } from "../useKeptQuery";
import { goalsCsv } from "./linkExports";

type Goal = GoalReport["goals"][number];

const KIND_TEXT: Record<Goal["kind"], string> = { visit: "Visited", outbound: "Clicked a link to", download: "Downloaded" };

/**
 * The URL a goal's click leads to: `goal` names it, and the filter it maps to
 * is set with it (an exact page filters every panel, a host opens the links
 * panel on it). Clicking the picked goal again clears all of that.
 */
export function goalSearch(current: URLSearchParams, goal: Goal, picked: boolean): URLSearchParams {
  const next = new URLSearchParams(current);
  const exactPage = goal.kind === "visit" && !goal.target.includes("*");
  if (picked) {
    next.delete("goal");
    if (exactPage && next.get("page") === goal.target) next.delete("page");
    if (goal.kind === "outbound" && next.get("outHost") === goal.target) next.delete("outHost");
    return next;
  }
  next.set("goal", goal.id);
  if (exactPage) next.set("page", goal.target);
  if (goal.kind === "outbound") next.set("outHost", goal.target);
  return next;
}

/** Each goal of goals.config.ts: its visitors, conversions and conversion rate in the range. */
export function GoalsPanel({ args, csv }: { args: DashboardQueryArgs; csv?: CsvContext }) {
  const headingId = useId();
  const [search, setSearch] = useSearchParams();
  const { data } = useKeptQuery(api.goals.report, args);
  const picked = search.get("goal");
  if (data !== undefined && data.goals.length === 0) return null;
  return (
    <section className="dash-panel" aria-labelledby={headingId}>
      <div className="dash-panel__head">
        <h3 id={headingId}>Goals</h3>
        <button
          type="button"
          className="dash-csv"
          aria-label="Download goals as CSV"
          disabled={data === undefined || csv === undefined}
          onClick={() => data && csv && downloadInContext("Goals", csv, goalsCsv(data))}
        >
          CSV
        </button>
      </div>
      <div className="dash-panel__body" aria-busy={data === undefined}>
        {data === undefined ? (
          <p role="status" className="dash-placeholder">Loading goals…</p>
        ) : (
          <table className="dash-table dash-links">
            <caption className="visually-hidden">Goals</caption>
            <thead>
              <tr>
                <th scope="col">Goal</th>
                <th scope="col" className="dash-num">Visitors</th>
                <th scope="col" className="dash-num">Conversions</th>
                <th scope="col" className="dash-num" title="Visitors who reached the goal, out of all visitors in the range">CR</th>
              </tr>
            </thead>
            <tbody>
              {data.goals.map((goal) => (
                <tr key={goal.id} style={{ "--share": `${(goal.rate ?? 0) * 100}%` } as React.CSSProperties}>
                  <th scope="row">
                    <span className="dash-goal">
                      <button
                        type="button"
                        className="dash-row-filter"
                        aria-pressed={picked === goal.id}
                        onClick={() => setSearch((current) => goalSearch(current, goal, current.get("goal") === goal.id))}
                      >
                        {goal.name}
                      </button>
                      <span className="dash-links__from">
                        {KIND_TEXT[goal.kind]} {goal.target}
                      </span>
                    </span>
                  </th>
                  <td className="dash-num">
                    {goal.approximate ? "≈" : ""}
                    {formatCount(goal.visitors)}
                  </td>
                  <td className="dash-num">{formatCount(goal.conversions)}</td>
                  <td className="dash-num">{goal.rate === null ? "—" : formatPercent(goal.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="dash-panel__foot">
        {data?.goals.some((g) => g.approximate) && <p className="dash-note">≈ summed over several pages or days: a reader may count more than once.</p>}
      </div>
    </section>
  );
}
