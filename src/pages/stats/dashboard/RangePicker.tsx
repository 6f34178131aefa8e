import { useId } from "react";
import type { StatsRange } from "../../../../convex/validators";
import { RANGES } from "./params";

export function RangePicker({ range, onChange }: { range: StatsRange; onChange: (range: StatsRange) => void }) {
  const id = useId();
  return (
    <div className="dash-range">
      <label htmlFor={id}>Range</label>
      <select
        id={id}
        value={range}
        onChange={(event) => {
          const picked = RANGES.find((r) => r.value === event.target.value);
          if (picked) onChange(picked.value);
        }}
      >
        {RANGES.map(({ value, label }) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
