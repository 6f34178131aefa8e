import { afterEach, describe, expect, it, vi } from "vitest";
import { csvField, downloadCsv, toCsv } from "./csv";
import { csvContextOf, csvFilename, csvHeaderLine, type CsvContext } from "./csvContext";
import { BREAKDOWN_COLUMNS, breakdownCsv, seriesCsv } from "./exports";
import type { DashboardSeries } from "./types";

/** A chart answer with no comparison, markers or estimates: only what a test sets. */
function seriesOf(fields: Pick<DashboardSeries, "granularity" | "timeZone" | "points" | "intervals">): DashboardSeries {
  return { ...fields, compare: "none", previous: null, published: [], visitorsApproximate: false, sampleVisits: null, catchingUp: false };
}

describe("csvField", () => {
  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rlf")).toBe('"cr\rlf"');
  });

  it("defuses spreadsheet formulas in text but not in numbers", () => {
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("@sum")).toBe("'@sum");
    expect(csvField("-x,y")).toBe(`"'-x,y"`);
    expect(csvField(-3)).toBe("-3");
  });

  it("writes numbers plainly and null or non-finite as empty", () => {
    expect(csvField(1234.5)).toBe("1234.5");
    expect(csvField(null)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
  });
});

describe("toCsv", () => {
  it("joins fields with commas and rows with CRLF, ending with one", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", 1],
          [null, 2],
        ],
      ),
    ).toBe('a,b\r\n"x,y",1\r\n,2\r\n');
  });
});

const BERLIN_WEEK: CsvContext = { range: "7d", from: "2025-03-04", to: "2025-03-10", timeZone: "Europe/Berlin", filters: [] };
const HEAD = "# Top pages · Last 7 days · 2025-03-04 to 2025-03-10 (Europe/Berlin) · no filters";

describe("breakdownCsv and seriesCsv", () => {
  it("exports a page panel with engaged seconds, read completion and scroll depth, under a line saying what the file holds", () => {
    const csv = breakdownCsv("Top pages", "page", [
      { value: "/hello", label: 'Hello, "world"', visitors: 10, views: 12, engagedMs: 61_400, completion: 0.5, scroll: 0.9 },
      { value: "/", label: "Home", visitors: 3, views: 3, engagedMs: null, completion: null },
    ], BERLIN_WEEK);
    expect(csv).toBe(
      `${HEAD}\r\n` +
        "name,value,visitors,views,avg engaged seconds,read completion,scroll depth\r\n" +
        '"Hello, ""world""",/hello,10,12,61,0.5,0.9\r\n' +
        "Home,/,3,3,,,\r\n",
    );
  });

  it("gives every other panel the same columns, engagement left empty", () => {
    const csv = breakdownCsv("Sources", "source", [
      { value: "", label: "Direct", visitors: 5, views: 9, engagedMs: null, completion: null },
      { value: "news.ycombinator.com", label: "news.ycombinator.com", visitors: 2, views: 2, engagedMs: 3000, completion: 1 },
    ], BERLIN_WEEK);
    expect(csv.split("\r\n").slice(1)).toEqual([
      "name,value,visitors,views,avg engaged seconds,read completion,scroll depth",
      "Direct,,5,9,,,",
      "news.ycombinator.com,news.ycombinator.com,2,2,,,",
      "",
    ]);
  });

  it("exports the chart series with bucket starts on the site's clock, offset included", () => {
    const csv = seriesCsv(
      seriesOf({
        granularity: "hour",
        timeZone: "Europe/Berlin",
        points: [
          { start: Date.UTC(2025, 2, 30, 0), visitors: 4, views: 7, visits: 5, bounces: 2, engagedMs: 9_000 },
          { start: Date.UTC(2025, 2, 30, 1), visitors: 1, views: 1, visits: 1, bounces: 1, engagedMs: 0 },
        ],
        intervals: ["hour", "day"],
      }),
      BERLIN_WEEK,
    );
    expect(csv.split("\r\n")).toEqual([
      "# Traffic per hour · Last 7 days · 2025-03-04 to 2025-03-10 (Europe/Berlin) · no filters",
      "start,visitors,visits,views,views per visit,bounce rate,visit duration seconds",
      "2025-03-30T01:00:00+01:00,4,5,7,1.4,0.4,2",
      "2025-03-30T03:00:00+02:00,1,1,1,1,1,0",
      "",
    ]);
  });

  it("leaves a bucket's rates empty when it has no visits, and rounds them as the chart shows them", () => {
    const csv = seriesCsv(
      seriesOf({
        granularity: "day",
        timeZone: "UTC",
        points: [
          { start: Date.UTC(2025, 2, 4), visitors: 0, views: 0, visits: 0, bounces: 0, engagedMs: 0 },
          { start: Date.UTC(2025, 2, 5), visitors: 3, views: 4, visits: 3, bounces: 1, engagedMs: 100_000 },
        ],
        intervals: ["day"],
      }),
      BERLIN_WEEK,
    );
    expect(csv.split("\r\n").slice(2, 4)).toEqual(["2025-03-04T00:00:00+00:00,0,0,0,,,", "2025-03-05T00:00:00+00:00,3,3,4,1.33,0.3333,33"]);
  });

  it("says in the first line when figures are estimates, keeping the column names", () => {
    const row = { value: "DE", label: "Germany", visitors: 5, views: 9, engagedMs: null, completion: null };
    const approximate = breakdownCsv("Countries", "country", [row], BERLIN_WEEK, { visitorsApproximate: true, sampleVisits: null }).split("\r\n");
    expect(approximate[0]).toMatch(/ · visitors estimated \(within 2%\)$/);
    expect(approximate[1]).toBe(BREAKDOWN_COLUMNS.join(","));
    const sampled = breakdownCsv("Countries", "country", [row], BERLIN_WEEK, { visitorsApproximate: true, sampleVisits: 1000 });
    expect(sampled.split("\r\n")[0]).toMatch(/ · estimated from a sample of 1000 visits$/);
  });
});

describe("what a file says about itself", () => {
  const series = (granularity: "hour" | "day" | "week" | "month", starts: number[]) => ({
    granularity,
    timeZone: "Europe/Berlin",
    points: starts.map((start) => ({ start, visitors: 0, views: 0, visits: 0, bounces: 0, engagedMs: 0 })),
  });

  it("takes the days from the chart's buckets in the site's zone, ending at now", () => {
    const days = [0, 1, 2, 3, 4, 5, 6].map((d) => Date.UTC(2025, 2, 3, 23) + d * 86_400_000);
    expect(csvContextOf("7d", [], series("day", days), Date.UTC(2025, 2, 11, 12))).toMatchObject({ from: "2025-03-04", to: "2025-03-10" });
    const hours = Array.from({ length: 24 }, (_, h) => Date.UTC(2025, 2, 9, 23 + h));
    expect(csvContextOf("today", [], series("hour", hours), Date.UTC(2025, 2, 10, 9, 30))).toMatchObject({ from: "2025-03-10", to: "2025-03-10" });
    const months = [Date.UTC(2024, 11, 31, 23), Date.UTC(2025, 0, 31, 23)];
    expect(csvContextOf("12mo", [], series("month", months), Date.UTC(2025, 1, 14))).toMatchObject({ from: "2025-01-01", to: "2025-02-14" });
    // A week's bucket runs seven days: the last one ends on its Sunday.
    const weeks = [Date.UTC(2025, 2, 2, 23), Date.UTC(2025, 2, 9, 23)];
    expect(csvContextOf("30d", [], series("week", weeks), Date.UTC(2025, 3, 1))).toMatchObject({ from: "2025-03-03", to: "2025-03-16" });
  });

  it("names a custom range's file and first line after its dates, not the range select's value", () => {
    const days = [0, 1, 2].map((d) => Date.UTC(2025, 1, 28, 23) + d * 86_400_000);
    const custom = csvContextOf("7d", [], series("day", days), Date.UTC(2025, 2, 11, 12), { from: "2025-03-01", to: "2025-03-03" });
    expect(custom).toMatchObject({ range: "custom", from: "2025-03-01", to: "2025-03-03" });
    expect(csvFilename("Top pages", custom)).toBe("stats-top-pages-custom-2025-03-01_2025-03-03.csv");
    expect(csvHeaderLine("Top pages", custom)).toBe("# Top pages · Custom range · 2025-03-01 to 2025-03-03 (Europe/Berlin) · no filters");
    expect(csvContextOf("7d", [], series("day", days), Date.UTC(2025, 2, 11, 12), null).range).toBe("7d");
  });

  it("names a filtered file apart from the unfiltered one, safely for any file system", () => {
    expect(csvFilename("Top pages", BERLIN_WEEK)).toBe("stats-top-pages-7d-2025-03-04_2025-03-10.csv");
    const filtered = { ...BERLIN_WEEK, filters: [{ dimension: "country", value: "DE" }, { dimension: "source", value: "Hacker News/../x" }] } satisfies CsvContext;
    expect(csvFilename("Countries", filtered)).toBe("stats-countries-7d-2025-03-04_2025-03-10-country-DE-source-Hacker-News-..-x.csv");
    expect(csvFilename("all", { ...BERLIN_WEEK, filters: [{ dimension: "source", value: "" }] }, "zip")).toBe(
      "stats-all-7d-2025-03-04_2025-03-10-source-none.zip",
    );
  });

  it("writes the filters into the first line as the chips show them, on one line", () => {
    const filtered: CsvContext = { ...BERLIN_WEEK, filters: [{ dimension: "source", value: "" }, { dimension: "utmCampaign", value: "a\r\nb" }] };
    expect(csvHeaderLine("Countries", filtered)).toBe(
      "# Countries · Last 7 days · 2025-03-04 to 2025-03-10 (Europe/Berlin) · Source: Direct, UTM campaign: a b",
    );
  });
});

describe("downloadCsv", () => {
  afterEach(() => vi.restoreAllMocks());

  it("saves the text through a blob link named as asked", async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return "blob:stats";
    });
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe("stats-page-7d.csv");
      expect(this.getAttribute("href")).toBe("blob:stats");
    });
    downloadCsv("stats-page-7d.csv", "a,b\r\n");
    expect(click).toHaveBeenCalledTimes(1);
    expect(await blobs[0]!.text()).toBe("a,b\r\n");
    expect(URL.revokeObjectURL).toHaveBeenCalledWith("blob:stats");
    expect(document.querySelector("a[download]")).toBeNull();
  });
});
