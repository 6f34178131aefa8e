import type { StatsDimension, StatsFilter } from "../../../../convex/validators";
import { filterValueLabel } from "./labels";
import { DIMENSION_LABELS } from "./params";

interface FilterChipsProps {
  filters: readonly StatsFilter[];
  onRemove: (dimension: StatsDimension) => void;
  onClear: () => void;
  /** False while there is no row to click (an empty range): the hint would point at nothing. */
  hint?: boolean;
}

export function FilterChips({ filters, onRemove, onClear, hint = true }: FilterChipsProps) {
  if (filters.length === 0) {
    // The row keeps its height either way, so the hint coming or going moves nothing.
    return <p className="dash-filters dash-filters--empty">{hint && "Click a row in any panel to filter by it."}</p>;
  }
  return (
    <div className="dash-filters">
      <ul aria-label="Filters">
        {filters.map(({ dimension, value }) => {
          const text = `${DIMENSION_LABELS[dimension]}: ${filterValueLabel(dimension, value)}`;
          return (
            <li key={dimension} className="dash-chip">
              <span>{text}</span>
              <button type="button" aria-label={`Remove filter ${text}`} onClick={() => onRemove(dimension)}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      {filters.length > 1 && (
        <button type="button" className="dash-clear" onClick={onClear}>
          Clear all
        </button>
      )}
    </div>
  );
}
