import { Link } from "react-router-dom";
import type { PageStat } from "../../../convex/validators";
import { formatCount } from "./format";

const HEADING_ID = "views-by-page";

export function ViewsByPageTable({ rows }: { rows: PageStat[] }) {
  return (
    <div className="stats-views">
      <h2 id={HEADING_ID}>Views by Page</h2>
      <p className="stats-views__note">All time, since tracking started.</p>
      {rows.length === 0 ? (
        <p className="stats-empty">No views yet</p>
      ) : (
        <table className="stats-table" aria-labelledby={HEADING_ID}>
          <thead>
            <tr>
              <th scope="col">Page</th>
              <th scope="col">Path</th>
              <th scope="col" className="stats-table__number">
                Views
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.path}>
                <th scope="row">
                  <Link to={row.path}>{row.title}</Link>
                </th>
                <td className="stats-table__path">
                  <code>{row.path}</code>
                </td>
                <td className="stats-table__number">{formatCount(row.views)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
