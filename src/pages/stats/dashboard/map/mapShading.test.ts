import { describe, expect, it } from "vitest";
import type { BreakdownRow } from "../types";
import { mapSummary, shadeLevels } from "./mapShading";
import { WORLD_SHAPES } from "./worldShapes";

const row = (value: string, visitors: number): BreakdownRow => ({
  value,
  label: value,
  visitors,
  views: visitors,
  engagedMs: null,
  completion: null,
});

describe("the country map", () => {
  it("shades each country by its share of the top country's visitors; unknown and zero stay plain", () => {
    const levels = shadeLevels([row("US", 100), row("DE", 41), row("FR", 1), row("", 500), row("JP", 0)]);
    expect(Object.fromEntries(levels)).toEqual({ US: 5, DE: 3, FR: 1 });
  });

  it("says the leading countries and how many more", () => {
    const names: Record<string, string> = { US: "United States", DE: "Germany", FR: "France" };
    expect(mapSummary([row("US", 3), row("DE", 2), row("FR", 1)], (c) => names[c]!, 2)).toBe(
      "World map of visitors by country: United States 3, Germany 2, and 1 more. The table lists every country.",
    );
    expect(mapSummary([row("", 4)], (c) => c)).toBe("World map of visitors by country: no country known yet.");
  });

  it("has a shape for every large country, keyed by its two-letter code, and none for Antarctica", () => {
    const codes = new Set(WORLD_SHAPES.map(([code]) => code));
    for (const code of ["JP", "DE", "US", "BR", "IN", "AU", "ZA", "RU", "XK"]) expect(codes).toContain(code);
    expect(codes).not.toContain("AQ");
    for (const [code, d] of WORLD_SHAPES) {
      expect(code).toMatch(/^[A-Z]{2}$/);
      expect(d).toMatch(/^M\d+ \d+l[-\d ]+z/);
    }
  });
});
