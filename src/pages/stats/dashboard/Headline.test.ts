// @vitest-environment node
import { describe, expect, it } from "vitest";
import { ownVisitsBlocked } from "./FirstViewHint";
import { changeText, NO_COMPARISON } from "./Headline";

describe("changeText: one rule for new, ±0 and pp", () => {
  it("counts and means change in percent, rates in percentage points", () => {
    expect(changeText(120, 100)).toBe("+20%");
    expect(changeText(97, 100)).toBe("−3%");
    expect(changeText(0.42, 0.45, true)).toBe("−3 pp");
    expect(changeText(0.5, 0.4, true)).toBe("+10 pp");
  });

  it("reads ±0 with the figure's unit when the change rounds to zero", () => {
    expect(changeText(1001, 1000)).toBe("±0%");
    expect(changeText(0.451, 0.45, true)).toBe("±0 pp");
  });

  it("reads new for every figure, rates included, when the previous period had no visits", () => {
    const fromEmpty = { current: 5, previous: 0 };
    expect(changeText(5, 0, false, fromEmpty)).toBe("new");
    expect(changeText(0.13, 0, true, fromEmpty)).toBe("new");
  });

  it("has nothing to compare when neither period had a visit", () => {
    const none = { current: 0, previous: 0 };
    expect(changeText(0, 0, false, none)).toBe(NO_COMPARISON);
    expect(changeText(0, 0, true, none)).toBe(NO_COMPARISON);
  });

  it("reads new for a count or mean that grew from 0 in a period with visits", () => {
    expect(changeText(30_000, 0)).toBe("new");
  });
});

describe("ownVisitsBlocked", () => {
  it("names the opt-out, then Do Not Track or GPC, else nothing", () => {
    expect(ownVisitsBlocked(() => true, {})).toBe("opted-out");
    expect(ownVisitsBlocked(() => false, { doNotTrack: "1" })).toBe("do-not-track");
    expect(ownVisitsBlocked(() => false, { globalPrivacyControl: true })).toBe("do-not-track");
    expect(ownVisitsBlocked(() => false, { doNotTrack: "0" })).toBeNull();
  });
});
