import { fireEvent, render, screen, within } from "@testing-library/react";
import { useQuery } from "convex/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FeedSubscribers, SearchTerms } from "../../../../convex/validators";
import { fakeUseQuery } from "../../../components/testing/fakeQueries";
import { FeedPanel } from "./FeedPanel";
import { feedFetchesCsv, feedSubscribersCsv, searchTermsCsv } from "./insightExports";
import { SearchTermsPanel } from "./SearchTermsPanel";

vi.mock("convex/react", () => ({ useQuery: vi.fn() }));
const args = { range: "7d" as const, anchor: Date.UTC(2026, 2, 10, 9), filters: [] };
const twoFilters = [
  { dimension: "country" as const, value: "DE" },
  { dimension: "device" as const, value: "mobile" },
];
const csv = { range: "7d" as const, from: "2026-03-04", to: "2026-03-10", timeZone: "UTC", filters: [{ dimension: "country" as const, value: "DE" }] };

const terms: SearchTerms = {
  rows: [
    { term: "kubernetes", searches: 4, zeroResults: 4, results: 0, opens: 0, topOpened: null },
    { term: "hooks", searches: 3, zeroResults: 1, results: 2, opens: 2, topOpened: "react-hooks" },
    { term: "convex", searches: 9, zeroResults: 0, results: 5, opens: 6, topOpened: "convex-intro" },
  ],
};

const feeds: FeedSubscribers = {
  rows: [
    { aggregator: "Feedly", feed: "rss", subscribers: 42, day: Date.UTC(2026, 2, 10), date: "2026-03-10" },
    { aggregator: "Inoreader", feed: "rssFull", subscribers: 7, day: Date.UTC(2026, 2, 9), date: "2026-03-09" },
  ],
  total: 49,
  days: [
    { day: Date.UTC(2026, 2, 9), date: "2026-03-09", fetches: 30 },
    { day: Date.UTC(2026, 2, 10), date: "2026-03-10", fetches: 12 },
  ],
};

afterEach(() => vi.restoreAllMocks());

describe("Searches panel", () => {
  it("lists searches that found nothing first, marked, with the result opened most", () => {
    vi.mocked(useQuery).mockImplementation(fakeUseQuery({ "searchStats:terms": terms }));
    render(<SearchTermsPanel args={args} />);
    const table = within(screen.getByRole("region", { name: "Searches" })).getByRole("table");
    const names = within(table)
      .getAllByRole("rowheader")
      .map((h) => h.textContent);
    expect(names).toEqual(["kubernetesno result", "hooks1 with no result→ /react-hooks", "convex→ /convex-intro"]);
    expect(screen.queryByText(/Not filtered/)).toBeNull();
  });

  it("under several filters, follows them all: no note but the days it can't answer", () => {
    const filtered: SearchTerms = { ...terms, contextFrom: Date.UTC(2026, 2, 6) };
    vi.mocked(useQuery).mockImplementation(fakeUseQuery({ "searchStats:terms": filtered }));
    render(<SearchTermsPanel args={{ ...args, filters: twoFilters }} csv={{ ...csv, filters: twoFilters }} />);
    expect(screen.getAllByRole("note").map((n) => n.textContent)).toEqual(["Filtered from Mar 6, 2026 on: older searches were kept without their visit and can't be filtered."]);
    expect(screen.queryByText(/Only the/)).toBeNull();
    expect(screen.queryByText(/Not filtered/)).toBeNull();
  });

  it("past one read, marks the figures ≈ with the sample's size, and its CSV's first line names every filter and the sample", async () => {
    const sampled: SearchTerms = { ...terms, sample: { docs: 5000, from: Date.UTC(2026, 2, 8) } };
    vi.mocked(useQuery).mockImplementation(fakeUseQuery({ "searchStats:terms": sampled }));
    const saved: Blob[] = [];
    Object.assign(URL, { createObjectURL: vi.fn((blob: Blob) => (saved.push(blob), "blob:x")), revokeObjectURL: vi.fn() });
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    render(<SearchTermsPanel args={{ ...args, filters: twoFilters }} csv={{ ...csv, filters: twoFilters }} />);
    const note = screen.getByRole("note");
    expect(note.textContent).toBe("≈ Sample: counted from searches since Mar 8, 2026; the rest of the range did not fit one read.");
    expect(within(note).getByTitle(/latest 5,000 documents matching the first filter/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Download Searches as CSV" }));
    const [first] = (await saved[0]!.text()).split("\r\n");
    expect(first).toMatch(/^# Searches · Last 7 days · 2026-03-04 to 2026-03-10 \(UTC\) · Country: .*, Device: .* · sample: counted from searches since Mar 8, 2026, the latest 5,000 documents/);
  });

  it("unfiltered past one read, counts the latest days and says from when", () => {
    const sampled: SearchTerms = { ...terms, sample: { docs: 5000, from: Date.UTC(2026, 2, 8) } };
    vi.mocked(useQuery).mockImplementation(fakeUseQuery({ "searchStats:terms": sampled }));
    render(<SearchTermsPanel args={args} csv={csv} />);
    const note = screen.getByRole("note");
    expect(note.textContent).toBe("≈ Sample: counted from searches since Mar 8, 2026; the rest of the range did not fit one read.");
    expect(within(note).getByTitle("sample: counted from searches since Mar 8, 2026, the latest 5,000 documents (a term's searches on one day); the rest of the range did not fit one read")).toBeTruthy();
  });

  it("says so when nothing was searched", () => {
    vi.mocked(useQuery).mockImplementation(fakeUseQuery({ "searchStats:terms": { rows: [] } }));
    render(<SearchTermsPanel args={args} />);
    expect(screen.getByText("No searches in this range yet.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /CSV/ })).toBeNull();
  });
});

describe("Feed subscribers panel", () => {
  it("shows the total, each aggregator's count per feed and fetches per day, with CSVs", () => {
    vi.mocked(useQuery).mockImplementation(fakeUseQuery({ "feedStats:subscribers": feeds }));
    const createObjectURL = vi.fn(() => "blob:x");
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    render(<FeedPanel args={args} csv={csv} />);
    const region = screen.getByRole("region", { name: "Feed subscribers" });
    expect(within(region).getByTestId("feed-total").textContent).toBe("49");
    const rows = within(within(region).getByRole("table")).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(["Feedly/rss.xml42", "Inoreader/rss-full.xml7"]);
    expect(within(region).getByRole("list", { name: "Fetches per day" }).children).toHaveLength(2);
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    fireEvent.click(within(region).getByRole("button", { name: "Download Feed fetches as CSV" }));
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    // Kept apart from visits: the file's name and first line say no filter applies to it.
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toBe("stats-feed-fetches-7d-2026-03-04_2026-03-10.csv");
  });
});

describe("Feed subscribers past one read", () => {
  it("says from which day it counts", () => {
    vi.mocked(useQuery).mockImplementation(fakeUseQuery({ "feedStats:subscribers": { ...feeds, countedFrom: Date.UTC(2026, 2, 9) } }));
    render(<FeedPanel args={args} csv={csv} />);
    expect(screen.getByRole("note").textContent).toBe("Counted from Mar 9, 2026: the rest of the range did not fit one read. Pick a shorter range to see all of it.");
  });

  it("says nothing when the whole range fits", () => {
    vi.mocked(useQuery).mockImplementation(fakeUseQuery({ "feedStats:subscribers": feeds }));
    render(<FeedPanel args={args} csv={csv} />);
    expect(screen.queryByText(/Counted from/)).toBeNull();
  });
});

describe("Feed subscribers under a filter", () => {
  it("still shows every subscriber, and says plainly that the filter does not apply", () => {
    vi.mocked(useQuery).mockImplementation(fakeUseQuery({ "feedStats:subscribers": feeds }));
    render(<FeedPanel args={{ ...args, filters: [{ dimension: "country", value: "DE" }] }} csv={csv} />);
    const region = screen.getByRole("region", { name: "Feed subscribers" });
    expect(within(region).getByTestId("feed-total").textContent).toBe("49");
    expect(within(region).getAllByRole("row")).toHaveLength(3);
    expect(within(region).getByRole("note").textContent).toBe(
      "Not filtered: a feed reader's fetch has no visit, so this shows all feed subscribers and fetches, whatever the filters.",
    );
  });

  it("says nothing about filters when none is set", () => {
    vi.mocked(useQuery).mockImplementation(fakeUseQuery({ "feedStats:subscribers": feeds }));
    render(<FeedPanel args={args} csv={csv} />);
    expect(screen.queryByRole("note")).toBeNull();
  });
});

describe("insight CSVs", () => {
  it("export every row", () => {
    expect(searchTermsCsv(terms)).toBe(
      "term,searches,searches with no result,results of the latest search,results opened,most opened\r\n" +
        "kubernetes,4,4,0,0,\r\nhooks,3,1,2,2,/react-hooks\r\nconvex,9,0,5,6,/convex-intro\r\n",
    );
    expect(feedSubscribersCsv(feeds)).toBe("aggregator,feed,subscribers,reported on\r\nFeedly,/rss.xml,42,2026-03-10\r\nInoreader,/rss-full.xml,7,2026-03-09\r\n");
    expect(feedFetchesCsv(feeds)).toBe("day,fetches\r\n2026-03-09,30\r\n2026-03-10,12\r\n");
  });
});
