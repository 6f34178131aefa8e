import { fireEvent, render, screen } from "@testing-library/react";
import { useQuery } from "convex/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { KeyRole } from "../../../../convex/validators";
import { fakeUseQuery } from "../../../components/testing/fakeQueries";
import { LinkKeyNotice } from "./LinkKeyNotice";

vi.mock("convex/react", () => ({ useQuery: vi.fn() }));
const mockedUseQuery = vi.mocked(useQuery);

const OWNER = "owner-key-0123456789";
const SHARE = "share-key-0123456789";

function backend(answer: (key: string) => KeyRole | undefined) {

  mockedUseQuery.mockImplementation(fakeUseQuery({ "dashboard:checkKey": ({ key }: { key: string }) => answer(key) }));
}
const roles = (key: string): KeyRole => (key === OWNER ? "owner" : key === SHARE ? "share" : null);

function renderNotice(linkKey: string, keptKey: string) {
  const onUse = vi.fn();
  const onKeep = vi.fn();
  render(<LinkKeyNotice linkKey={linkKey} keptKey={keptKey} onUse={onUse} onKeep={onKeep} />);
  return { onUse, onKeep, region: screen.getByRole("region", { name: /This link holds/ }) };
}

describe("LinkKeyNotice", () => {
  beforeEach(() => {
    mockedUseQuery.mockReset();
  });

  it("tells the owner a link holds a read-only key and lets them choose", () => {
    backend(roles);
    const { onUse, onKeep, region } = renderNotice(SHARE, OWNER);
    expect(region.textContent).toContain("This link holds a read-only key.");
    expect(region.textContent).toContain("This browser keeps the owner's key, and uses it until you choose.");
    expect(region.textContent).toContain("Using the link's key forgets the owner's key here.");
    fireEvent.click(screen.getByRole("button", { name: "Keep mine" }));
    expect(onKeep).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByRole("button", { name: "Use the link's key" }));
    expect(onUse).toHaveBeenCalledOnce();
  });

  it("tells a read-only holder the link holds the owner's key", () => {
    backend(roles);
    const { region } = renderNotice(OWNER, SHARE);
    expect(region.textContent).toContain("This link holds the owner's key.");
    expect(region.textContent).toContain("This browser keeps a read-only key");
    expect(region.textContent).not.toContain("forgets");
  });

  it("offers only to keep the browser's key when the link's key is not accepted", () => {
    backend(roles);
    const { region } = renderNotice("wrong-key-0123456789", OWNER);
    expect(region.textContent).toContain("This link holds a key that is not accepted.");
    expect(region.textContent).toContain("This browser keeps the owner's key; nothing was changed.");
    expect(screen.queryByRole("button", { name: "Use the link's key" })).toBeNull();
    expect(screen.getByRole("button", { name: "Keep mine" })).toBeDefined();
  });

  it("names neither key before the backend answers, and shows no key text", () => {
    backend(() => undefined);
    const { region } = renderNotice(SHARE, OWNER);
    expect(region.textContent).toContain("This link holds a stats key.");
    expect(region.textContent).not.toContain(SHARE);
    expect(region.textContent).not.toContain(OWNER);
  });
});
