// @vitest-environment node
import { describe, expect, it } from "vitest";
import { MAX_PATH_LENGTH } from "../../convex/constants";
import { clientPageType, isTrackablePath } from "./pageType";

describe("clientPageType", () => {
  it("knows home and stats, and leaves the rest for the server to resolve", () => {
    expect(clientPageType("/")).toBe("home");
    expect(clientPageType("/stats")).toBe("stats");
    expect(clientPageType("/about")).toBe("blog");
    expect(clientPageType("/hello-world")).toBe("blog");
  });
});

describe("isTrackablePath", () => {
  it("accepts site paths", () => {
    expect(isTrackablePath("/")).toBe(true);
    expect(isTrackablePath("/a-post")).toBe(true);
    expect(isTrackablePath("/" + "a".repeat(MAX_PATH_LENGTH - 1))).toBe(true);
  });

  it("rejects what the server would reject", () => {
    expect(isTrackablePath("")).toBe(false);
    expect(isTrackablePath("relative")).toBe(false);
    expect(isTrackablePath("/" + "a".repeat(MAX_PATH_LENGTH))).toBe(false);
    expect(isTrackablePath("/bad\npath")).toBe(false);
    expect(isTrackablePath("/bad\u007fpath")).toBe(false);
  });
});
