// `npm run test:e2e`: Playwright against the stack `npm run dev` starts,
// with Debian's Chromium (no browser is downloaded).
import { defineConfig } from "@playwright/test";
import { REPO_ROOT } from "./local/config.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./scripts/lib/chromium.ts";
import { detectDevMode } from "./scripts/lib/devMode.ts";
import { BACKEND_DATA_DIR, BACKEND_PORT, OUTPUT_DIR, SESSION_TIMEOUT_MS, SITE_PORT, SITE_URL } from "./e2e/helpers/stack.ts";

const CI = Boolean(process.env.CI);

// With a deployment configured, `npm run dev` would run the tests against it.
const mode = detectDevMode(process.env, REPO_ROOT);
if (mode.kind === "cloud") {
  throw new Error(`The end-to-end tests need the local backend, but ${mode.reason}. Unset it (or move .env.local aside) and run again.`);
}

export default defineConfig({
  testDir: "e2e",
  outputDir: OUTPUT_DIR,
  // One stack, one browser at a time: the machine has 2 cores, and the stats tests read shared counts.
  workers: 1,
  fullyParallel: false,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: SITE_URL,
    locale: "en-US",
    trace: CI ? "on-first-retry" : "off",
    screenshot: "off",
    video: "off",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "npm run dev",
    url: SITE_URL,
    env: {
      SITE_PORT: String(SITE_PORT),
      LOCAL_BACKEND_PORT: String(BACKEND_PORT),
      // Inside the output folder, which Playwright empties before the stack starts.
      LOCAL_BACKEND_DIR: BACKEND_DATA_DIR,
      SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
      // Playwright's Chromium is automation (navigator.webdriver): the dev
      // server's own switch lets it count; a production build has no such switch.
      VITE_COUNT_AUTOMATION: "true",
    },
    reuseExistingServer: false,
    timeout: 120_000,
    // `npm run dev` puts the backend and Vite in process groups of their own and
    // stops them on SIGTERM; the default SIGKILL would leave them running.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    stdout: "ignore",
    stderr: "pipe",
  },
});
