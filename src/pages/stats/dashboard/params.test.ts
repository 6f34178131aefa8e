// @vitest-environment node
import { describe, expect, it } from "vitest";
import { DEFAULT_RANGE, parseParams, withFilter, withoutFilter, writeParams } from "./params";

describe("parseParams", () => {
  it("reads the range and one filter per dimension, named as the dimension", () => {
    const params = parseParams(new URLSearchParams("range=30d&page=/hello&source=news.ycombinator.com&device=mobile"));
    expect(params).toEqual({
      range: "30d",
      filters: [
        { dimension: "page", value: "/hello" },
        { dimension: "source", value: "news.ycombinator.com" },
        { dimension: "device", value: "mobile" },
      ],
    });
  });

  it("falls back to the default range for a missing or unknown one", () => {
    expect(parseParams(new URLSearchParams("")).range).toBe(DEFAULT_RANGE);
    expect(parseParams(new URLSearchParams("range=forever")).range).toBe(DEFAULT_RANGE);
  });

  it("keeps an empty value (Direct) and ignores unknown parameters", () => {
    expect(parseParams(new URLSearchParams("source=&ref=x&key=secret")).filters).toEqual([
      { dimension: "source", value: "" },
    ]);
  });
});

describe("writeParams", () => {
  it("round-trips, omits the default range and keeps foreign parameters", () => {
    const written = writeParams(new URLSearchParams("utm_source=x&page=/old"), {
      range: DEFAULT_RANGE,
      filters: [{ dimension: "country", value: "DE" }],
    });
    expect(written.toString()).toBe("utm_source=x&country=DE");
    const again = writeParams(written, { range: "12mo", filters: [] });
    expect(parseParams(again)).toEqual({ range: "12mo", filters: [] });
    expect(again.get("utm_source")).toBe("x");
  });
});

describe("withFilter / withoutFilter", () => {
  it("replaces a dimension's filter and removes one by dimension", () => {
    const one = withFilter([], { dimension: "page", value: "/a" });
    const two = withFilter(one, { dimension: "country", value: "DE" });
    const replaced = withFilter(two, { dimension: "page", value: "/b" });
    expect(replaced).toEqual([
      { dimension: "country", value: "DE" },
      { dimension: "page", value: "/b" },
    ]);
    expect(withoutFilter(replaced, "country")).toEqual([{ dimension: "page", value: "/b" }]);
  });
});
