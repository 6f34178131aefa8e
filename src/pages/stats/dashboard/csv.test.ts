import { afterEach, describe, expect, it, vi } from "vitest";
import { csvField, downloadCsv, toCsv } from "./csv";
import { breakdownCsv, seriesCsv } from "./exports";

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

describe("breakdownCsv and seriesCsv", () => {
  it("exports a page panel with engaged seconds, read completion and scroll depth", () => {
    const csv = breakdownCsv("page", [
      { value: "/hello", label: 'Hello, "world"', visitors: 10, views: 12, engagedMs: 61_400, completion: 0.5, scroll: 0.9 },
      { value: "/", label: "Home", visitors: 3, views: 3, engagedMs: null, completion: null },
    ]);
    expect(csv).toBe(
      "Page,path,visitors,views,avg engaged seconds,read completion,scroll depth\r\n" +
        '"Hello, ""world""",/hello,10,12,61,0.5,0.9\r\n' +
        "Home,/,3,3,,,\r\n",
    );
  });

  it("exports other panels with their value and counts only", () => {
    const csv = breakdownCsv("source", [
      { value: "", label: "Direct", visitors: 5, views: 9, engagedMs: null, completion: null },
      {
        value: "news.ycombinator.com",
        label: "news.ycombinator.com",
        visitors: 2,
        views: 2,
        engagedMs: null,
        completion: null,
      },
    ]);
    expect(csv).toBe("Source,value,visitors,views\r\nDirect,,5,9\r\nnews.ycombinator.com,news.ycombinator.com,2,2\r\n");
  });

  it("exports the chart series with ISO bucket starts", () => {
    const csv = seriesCsv({
      granularity: "day",
      intervals: ["day"],
      timeZone: "UTC",
      points: [{ start: Date.UTC(2025, 2, 10), visitors: 4, views: 7, visits: 5, bounces: 2, engagedMs: 9_000 }],
      compare: "none",
      previous: null,
      published: [],
      visitorsApproximate: false,
      sampleVisits: null,
      catchingUp: false,
    });
    expect(csv).toBe("day start (UTC),visitors,views\r\n2025-03-10T00:00:00.000Z,4,7\r\n");
  });

  it("marks estimated columns: visitors past their exact size, every figure of a sample", () => {
    const row = { value: "DE", label: "Germany", visitors: 5, views: 9, engagedMs: null, completion: null };
    expect(breakdownCsv("country", [row], { visitorsApproximate: true, sampleVisits: null }).split("\r\n")[0]).toBe(
      "Country,value,visitors (≈ within 2%),views",
    );
    expect(breakdownCsv("country", [row], { visitorsApproximate: true, sampleVisits: 1000 }).split("\r\n")[0]).toBe(
      "Country,value,visitors (≈ sample of 1000 visits),views (≈ sample of 1000 visits)",
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
