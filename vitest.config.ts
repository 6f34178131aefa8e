import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Vitest's 5 s / 10 s defaults measure the machine, not the code: on a 2-core
// machine shared with other work, rendering content/ alone took over 5 s
// (prds/testing.md). A hang still fails, after a minute. Projects don't
// inherit the root's test options, so each one spreads these.
const LIMITS = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    // vitest's default leaves one core idle (cores - 1: a single worker here).
    // On 2 cores the second worker shortens `npm test` (figures in
    // prds/testing.md); slow files still pass beside a busy loop.
    maxWorkers: "100%",
    projects: [
      {
        test: {
          ...LIMITS,
          name: "convex",
          include: ["convex/**/*.test.ts"],
          environment: "edge-runtime",
          server: { deps: { inline: ["convex-test"] } },
        },
      },
      {
        plugins: [react()],
        test: {
          ...LIMITS,
          name: "ui",
          include: ["src/**/*.test.{ts,tsx}"],
          environment: "jsdom",
          setupFiles: ["src/test/setup.ts"],
        },
      },
      {
        test: {
          ...LIMITS,
          name: "node",
          include: ["scripts/**/*.test.ts", "local/**/*.test.ts", "netlify/**/*.test.ts"],
          environment: "node",
        },
      },
    ],
  },
});
