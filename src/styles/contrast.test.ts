// @vitest-environment node
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { THEMES } from "../theme/themes";

const css = readFileSync(join(process.cwd(), "src/styles/global.css"), "utf8");
const realtimeCss = readFileSync(join(process.cwd(), "src/pages/stats/realtime/realtime.css"), "utf8");

function tokens(theme: string): Record<string, string> {
  const block = new RegExp(`:root\\[data-theme="${theme}"\\]\\s*{([^}]*)}`).exec(css)?.[1];
  if (!block) throw new Error(`no tokens for ${theme}`);
  return Object.fromEntries(Array.from(block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi), (m) => [m[1]!, m[2]!]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** `share` of `fg` over `bg`, as `color-mix(in srgb, fg share, transparent)` paints over `bg`. */
function mix(fg: string, bg: string, share: number): string {
  const channel = (hex: string, i: number) => parseInt(hex.slice(i, i + 2), 16);
  return `#${[1, 3, 5].map((i) => Math.round(channel(fg, i) * share + channel(bg, i) * (1 - share)).toString(16).padStart(2, "0")).join("")}`;
}

// WCAG AA for body text: 4.5:1.
const PAIRS: Array<[string, string]> = [
  ["text", "bg"],
  ["muted", "bg"],
  ["accent", "bg"],
  ["text", "surface"],
  ["muted", "surface"],
  ["text", "code-bg"],
  ...["keyword", "string", "comment", "number", "title", "attr", "meta"].map((t): [string, string] => [`hl-${t}`, "code-bg"]),
];

describe.each(THEMES)("%s theme colours", (theme) => {
  const t = tokens(theme);
  it.each(PAIRS)("--%s on --%s meets 4.5:1", (fg, bg) => {
    expect(contrast(t[fg]!, t[bg]!)).toBeGreaterThanOrEqual(4.5);
  });
  it("has a focus ring that stands out from the background (3:1)", () => {
    expect(contrast(t.focus!, t.bg!)).toBeGreaterThanOrEqual(3);
  });
  it("keeps a new realtime row's muted text at 4.5:1 under its arrival highlight", () => {
    const share = /color-mix\(in srgb, var\(--accent\) (\d+)%, transparent\)/.exec(realtimeCss)?.[1];
    expect(share).toBeDefined();
    // The list sits on a panel's surface; the highlight is strongest when the row arrives.
    expect(contrast(t.muted!, mix(t.accent!, t.surface!, Number(share) / 100))).toBeGreaterThanOrEqual(4.5);
  });
});
