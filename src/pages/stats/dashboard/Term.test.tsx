import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { DEFINITIONS } from "./definitions";
import { Definitions } from "./Definitions";
import { Term } from "./Term";

describe("Term", () => {
  it("is a help button described by its definition's tooltip", () => {
    render(<Term term="bounceRate">Bounce rate</Term>);
    const button = screen.getByRole("button", { name: "What is bounce rate?" });
    const tip = screen.getByRole("tooltip", { hidden: true });
    expect(button.getAttribute("aria-describedby")).toBe(tip.id);
    expect(tip.textContent).toBe(DEFINITIONS.bounceRate);
  });

  it("opens on a tap, for screens without hover, and closes on Escape or leaving", () => {
    render(<Term term="views">Views</Term>);
    const button = screen.getByRole("button", { name: "What is views?" });
    const tip = screen.getByRole("tooltip", { hidden: true });
    expect(tip.hasAttribute("data-open")).toBe(false);
    fireEvent.click(button);
    expect(tip.hasAttribute("data-open")).toBe(true);
    expect(button.getAttribute("aria-expanded")).toBe("true");
    fireEvent.keyDown(button, { key: "Escape" });
    expect(tip.hasAttribute("data-open")).toBe(false);
    fireEvent.click(button);
    fireEvent.blur(button);
    expect(tip.hasAttribute("data-open")).toBe(false);
  });
});

describe("Definitions", () => {
  it("lists the issue's definitions, saying how views differ from Plausible's", () => {
    render(<Definitions />);
    expect(DEFINITIONS.visitors).toMatch(/browser id/);
    // Issue 17: what the figures cannot know, where they are read.
    expect(DEFINITIONS.visitors).toMatch(/Safari and iOS wipe script storage after 7 days/);
    expect(DEFINITIONS.bounceRate).toMatch(/GA4's idea/);
    expect(DEFINITIONS.bounceRate).toMatch(/Plausible counts every single-view visit as a bounce/);
    expect(DEFINITIONS.visitDuration).toMatch(/within the last 3 minutes/);
    expect(screen.getByText(DEFINITIONS.channel)).toBeDefined();
    expect(DEFINITIONS.visits).toMatch(/30 minutes/);
    expect(DEFINITIONS.bounceRate).toMatch(/single view and less than 10 seconds/);
    expect(DEFINITIONS.views).toMatch(/Plausible/);
    expect(screen.getByText("What the numbers mean").tagName).toBe("SUMMARY");
    expect(screen.getByText(DEFINITIONS.readCompletion)).toBeDefined();
  });
});
