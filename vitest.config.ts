import { availableParallelism } from "node:os";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Vitest's default (cores - 1) is one file at a time on a 2-core machine,
    // where much of a file's time is waiting (jsdom set-up, local backends,
    // child processes): two at a time use both cores (prds/testing.md).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Vitest's 5 s / 10 s defaults measure the machine, not the code: on a
    // 2-core machine shared with other work, rendering content/ alone took
    // over 5 s (prds/testing.md). A hang still fails, after a minute.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        test: {
          name: "convex",
          include: ["convex/**/*.test.ts"],
          environment: "edge-runtime",
          server: { deps: { inline: ["convex-test"] } },
        },
      },
      {
        plugins: [react()],
        test: {
          name: "ui",
          include: ["src/**/*.test.{ts,tsx}"],
          environment: "jsdom",
          setupFiles: ["src/test/setup.ts"],
        },
      },
      {
        test: {
          name: "node",
          include: ["scripts/**/*.test.ts", "local/**/*.test.ts", "netlify/**/*.test.ts"],
          environment: "node",
        },
      },
    ],
  },
});
