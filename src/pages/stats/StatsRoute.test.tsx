import { act, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import StatsRoute from "./StatsRoute";

// The dashboard's chunk, held back until the test lets it arrive.
const chunk = vi.hoisted(() => {
  let release = () => {};
  const arrived = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { arrived, release: () => release() };
});

vi.mock("./StatsPage", async () => {
  await chunk.arrived;
  return { default: () => <h2>Traffic</h2> };
});

describe("StatsRoute", () => {
  it("shows the heading and intro before the dashboard's code has arrived, in a screen-tall placeholder", async () => {
    render(
      <MemoryRouter initialEntries={["/stats"]}>
        <StatsRoute />
      </MemoryRouter>,
    );
    expect(screen.getByRole("heading", { level: 1, name: "Site stats" })).toBeDefined();
    expect(screen.getByText(/^Live numbers that update as visitors come and go/)).toBeDefined();
    expect(document.title).toBe("Site stats · markdown-site");
    expect(screen.getByRole("status").className).toBe("stats-pending");
    expect(screen.getByRole("status").hasAttribute("data-loading")).toBe(true);
    expect(screen.queryByRole("heading", { name: "Traffic" })).toBeNull();

    await act(async () => {
      chunk.release();
      await vi.dynamicImportSettled();
    });
    expect(await screen.findByRole("heading", { level: 2, name: "Traffic" })).toBeDefined();
    expect(screen.queryByRole("status")).toBeNull();
    expect(screen.getByRole("heading", { level: 1, name: "Site stats" })).toBeDefined();
  });
});
