import { describe, expect, it, vi } from "vitest";
import { engagementHooks, MAX_ENGAGED_MS, type EngagedTime } from "./engagement";

function reporter() {
  const reports: EngagedTime[] = [];
  const hooks = engagementHooks((time) => reports.push(time));
  return { hooks, reports };
}

describe("engagementHooks", () => {
  it("reports a visit's visible time when it ends", () => {
    const { hooks, reports } = reporter();
    hooks.visitStarted?.("/a");
    hooks.visitEnded?.("/a", 12_000, false);
    hooks.visitStarted?.("/b");
    hooks.visitEnded?.("/b", 3_500, true);
    expect(reports).toEqual([
      { path: "/a", engagedMs: 12_000, leaving: false },
      { path: "/b", engagedMs: 3_500, leaving: true },
    ]);
  });

  it("reports what a hidden tab has so far, then only the rest: the sum is the visit's time", () => {
    const { hooks, reports } = reporter();
    hooks.visitStarted?.("/a");
    hooks.visitHidden?.("/a", 5_000);
    hooks.visitHidden?.("/a", 5_000);
    hooks.visitHidden?.("/a", 9_000);
    hooks.visitEnded?.("/a", 11_000, false);
    expect(reports).toEqual([
      { path: "/a", engagedMs: 5_000, leaving: true },
      { path: "/a", engagedMs: 4_000, leaving: true },
      { path: "/a", engagedMs: 2_000, leaving: false },
    ]);
    hooks.visitStarted?.("/b");
    hooks.visitEnded?.("/b", 1_000, false);
    expect(reports.at(-1)).toEqual({ path: "/b", engagedMs: 1_000, leaving: false });
  });

  it("reports nothing for a visit never on screen, and at most the server's bound", () => {
    const report = vi.fn();
    const hooks = engagementHooks(report);
    hooks.visitStarted?.("/a");
    hooks.visitEnded?.("/a", 0, true);
    expect(report).not.toHaveBeenCalled();
    hooks.visitStarted?.("/b");
    hooks.visitEnded?.("/b", 3 * MAX_ENGAGED_MS, true);
    expect(report).toHaveBeenCalledWith({ path: "/b", engagedMs: MAX_ENGAGED_MS, leaving: true });
  });
});
