import { describe, expect, it } from "vitest";
import { alpha2Of, compactPath } from "./worldMap";

describe("the world map generator", () => {
  it("rounds to whole pixels, writes relative moves and drops rings smaller than a pixel", () => {
    expect(compactPath("M10.2,20.6L13.4,20.5L13.4,25L10,25ZM1,1L1.2,1.1L1.4,1Z")).toBe("M10 21l3 0 0 4-3 0z");
  });

  it("names features by their two-letter code, including the ones Natural Earth leaves unnumbered", () => {
    const byNumeric = new Map([["392", "JP"]]);
    expect(alpha2Of("392", "Japan", byNumeric)).toBe("JP");
    expect(alpha2Of(undefined, "Kosovo", byNumeric)).toBe("XK");
    expect(alpha2Of("999", "Nowhere", byNumeric)).toBeNull();
  });
});
