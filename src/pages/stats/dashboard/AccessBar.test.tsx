import { act, fireEvent, render, screen } from "@testing-library/react";
import { useQuery } from "convex/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { KeyRole, ShareLinkAnswer } from "../../../../convex/validators";
import { fakeUseQuery, installClipboard } from "../../../components/testing/fakeQueries";
import { AccessBar } from "./AccessBar";
import { shareUrl } from "./SharePanel";
import { COPY_STATUS_MS } from "./useCopyText";

vi.mock("convex/react", () => ({ useQuery: vi.fn() }));
const mockedUseQuery = vi.mocked(useQuery);

const OWNER = "owner-key-0123456789";
const SHARE = "share-key-0123456789";
const LINK = `${window.location.origin}/stats?key=${SHARE}`;

/** Answers as a private deployment with both keys set (or the share key unset). */
function backend({ shareKey = SHARE as string | null } = {}) {
  const shareLinkArgs: unknown[] = [];
  mockedUseQuery.mockImplementation(
    fakeUseQuery({
      "dashboard:checkKey": ({ key }: { key: string }): KeyRole => (key === OWNER ? "owner" : key === SHARE ? "share" : null),
      "dashboard:shareLink": (args: { key: string }): ShareLinkAnswer => {
        shareLinkArgs.push(args);
        return args.key === OWNER ? { shareKey } : null;
      },
    }),
  );
  return { shareLinkArgs };
}

const toggle = () => screen.queryByRole("button", { name: "Share read-only link" });

describe("AccessBar", () => {
  beforeEach(() => {
    mockedUseQuery.mockReset();
  });
  afterEach(() => vi.useRealTimers());

  it("offers the owner a hidden read-only link that the button reveals", () => {
    backend();
    render(<AccessBar statsKey={OWNER} onForget={() => {}} />);
    const button = toggle()!;
    expect(button.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByLabelText("Read-only link")).toBeNull();
    fireEvent.click(button);
    expect(button.getAttribute("aria-expanded")).toBe("true");
    const field = screen.getByLabelText<HTMLInputElement>("Read-only link");
    expect(field.value).toBe(LINK);
    expect(field.readOnly).toBe(true);
    expect(document.getElementById(button.getAttribute("aria-controls")!)?.contains(field)).toBe(true);
    expect(screen.queryByText(/Read-only$/)).toBeNull();
  });

  it("never asks for the share key with the share key, and tells its holder the view is read-only", () => {
    const { shareLinkArgs } = backend();
    const { container } = render(<AccessBar statsKey={SHARE} onForget={() => {}} />);
    expect(toggle()).toBeNull();
    expect(screen.getByText("Read-only")).toBeDefined();
    expect(shareLinkArgs).toEqual([]);
    expect(container.textContent).not.toContain(SHARE);
  });

  it("shows no control while the role is loading", () => {
    mockedUseQuery.mockImplementation(fakeUseQuery({ "dashboard:checkKey": undefined }));
    render(<AccessBar statsKey={OWNER} onForget={() => {}} />);
    expect(toggle()).toBeNull();
    expect(screen.getByRole("button", { name: "Forget this key" })).toBeDefined();
  });

  it("copies the link and announces it in a live status line, which clears later", async () => {
    vi.useFakeTimers();
    backend();
    const writeText = vi.fn(() => Promise.resolve());
    installClipboard(writeText);
    render(<AccessBar statsKey={OWNER} onForget={() => {}} />);
    fireEvent.click(toggle()!);
    const status = screen.getByRole("status");
    expect(status.getAttribute("aria-live")).toBe("polite");
    expect(status.textContent).toBe("");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy" }));
      await Promise.resolve();
    });
    expect(writeText).toHaveBeenCalledWith(LINK);
    expect(status.textContent).toBe("Copied");
    act(() => vi.advanceTimersByTime(COPY_STATUS_MS));
    expect(status.textContent).toBe("");
  });

  it("leaves the link selected and says so when the clipboard refuses", async () => {
    backend();
    installClipboard(() => Promise.reject(new Error("denied")));
    render(<AccessBar statsKey={OWNER} onForget={() => {}} />);
    fireEvent.click(toggle()!);
    const field = screen.getByLabelText<HTMLInputElement>("Read-only link");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy" }));
      await Promise.resolve();
    });
    expect(screen.getByRole("status").textContent).toMatch(/Could not copy/);
    expect(document.activeElement).toBe(field);
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, LINK.length]);
  });

  it("tells the owner how to set a share key when none is set", () => {
    backend({ shareKey: null });
    render(<AccessBar statsKey={OWNER} onForget={() => {}} />);
    fireEvent.click(toggle()!);
    expect(screen.queryByLabelText("Read-only link")).toBeNull();
    expect(screen.getByText("npx convex env set STATS_SHARE_KEY <random 16+ chars>")).toBeDefined();
  });

  it("shows nothing to share when the site is public (shareLink answers null)", () => {
    mockedUseQuery.mockImplementation(fakeUseQuery({ "dashboard:checkKey": "owner", "dashboard:shareLink": null }));
    render(<AccessBar statsKey={OWNER} onForget={() => {}} />);
    expect(toggle()).toBeNull();
  });

  it("forgets the key on request", () => {
    backend();
    const onForget = vi.fn();
    render(<AccessBar statsKey={SHARE} onForget={onForget} />);
    fireEvent.click(screen.getByRole("button", { name: "Forget this key" }));
    expect(onForget).toHaveBeenCalledOnce();
  });

  it("builds the link from the origin, escaping the key", () => {
    expect(shareUrl("https://example.org", "a+b/c")).toBe("https://example.org/stats?key=a%2Bb%2Fc");
  });
});
