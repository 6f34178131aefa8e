import { useId, useState } from "react";
import type { CompareWith, CustomRange, StatsRange } from "../../../../convex/validators";
import { COMPARE_LABELS, customLabel } from "./chartParams";
import { CustomRangeDialog } from "./CustomRangeDialog";
import { RANGES } from "./params";

const CUSTOM = "custom";

interface RangePickerProps {
  range: StatsRange;
  custom: CustomRange | null;
  onChange: (range: StatsRange) => void;
  onCustom: (custom: CustomRange) => void;
}

/** The named ranges, and "Custom range…", which opens a date form; a custom range shows as its dates. */
export function RangePicker({ range, custom, onChange, onCustom }: RangePickerProps) {
  const id = useId();
  const [picking, setPicking] = useState(false);
  return (
    <div className="dash-range">
      <label htmlFor={id}>Range</label>
      <select
        id={id}
        value={custom === null ? range : CUSTOM}
        onChange={(event) => {
          if (event.target.value === CUSTOM) {
            setPicking(true);
            return;
          }
          const picked = RANGES.find((r) => r.value === event.target.value);
          if (picked) onChange(picked.value);
        }}
      >
        {RANGES.map(({ value, label }) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
        <option value={CUSTOM}>{custom === null ? "Custom range…" : customLabel(custom)}</option>
      </select>
      {/* A custom range already chosen: the select cannot re-pick it, this button edits it. */}
      {custom !== null && (
        <button type="button" className="dash-range__edit" onClick={() => setPicking(true)}>
          Edit dates
        </button>
      )}
      {picking && (
        <CustomRangeDialog
          initial={custom}
          onApply={(next) => {
            setPicking(false);
            onCustom(next);
          }}
          onClose={() => setPicking(false)}
        />
      )}
    </div>
  );
}

export function CompareSelect({ compare, onChange }: { compare: CompareWith; onChange: (compare: CompareWith) => void }) {
  const id = useId();
  return (
    <div className="dash-range">
      <label htmlFor={id}>Compare</label>
      <select
        id={id}
        value={compare}
        onChange={(event) => {
          const picked = (Object.keys(COMPARE_LABELS) as CompareWith[]).find((c) => c === event.target.value);
          if (picked) onChange(picked);
        }}
      >
        {(Object.entries(COMPARE_LABELS) as [CompareWith, string][]).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
