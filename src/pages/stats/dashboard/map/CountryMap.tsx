import { useMemo } from "react";
import { countryName, formatCount } from "../format";
import type { BreakdownRow } from "../types";
import { MAP_LEVELS, mapSummary, shadeLevels } from "./mapShading";
import { useWorldShapes } from "./useWorldShapes";
import "./CountryMap.css";

interface CountryMapProps {
  rows: readonly BreakdownRow[];
  pinned: string | undefined;
  onPick: (code: string) => void;
}

/**
 * Countries shaded by visitors. The shapes arrive as a chunk of their own; the
 * box keeps the map's proportions meanwhile, so nothing below moves. A click
 * on a shaded country filters by it; the table beside it is the keyboard's and
 * the screen reader's way to the same figures.
 */
export function CountryMap({ rows, pinned, onPick }: CountryMapProps) {
  const shapes = useWorldShapes();
  const levels = useMemo(() => shadeLevels(rows), [rows]);
  const visitors = useMemo(() => new Map(rows.map((r) => [r.value, r.visitors])), [rows]);
  return (
    <figure className="dash-map">
      <svg
        viewBox={`0 0 ${shapes?.WORLD_WIDTH ?? 960} ${shapes?.WORLD_HEIGHT ?? 470}`}
        role="img"
        aria-label={mapSummary(rows, countryName)}
        data-ready={shapes !== undefined || undefined}
      >
        {shapes?.WORLD_SHAPES.map(([code, d]) => {
          const level = levels.get(code);
          const count = visitors.get(code) ?? 0;
          return (
            <path
              key={code}
              d={d}
              data-country={code}
              data-level={level}
              data-visitors={count}
              aria-current={pinned === code || undefined}
              onClick={level === undefined ? undefined : () => onPick(code)}
            >
              <title>{`${countryName(code)}: ${formatCount(count)} ${count === 1 ? "visitor" : "visitors"}`}</title>
            </path>
          );
        })}
      </svg>
      <figcaption className="dash-map__legend" aria-hidden="true">
        <span>Fewer</span>
        {Array.from({ length: MAP_LEVELS }, (_, i) => (
          <span key={i} className="dash-map__swatch" data-level={i + 1} />
        ))}
        <span>More visitors</span>
      </figcaption>
    </figure>
  );
}
