// Where the end-to-end stack runs. playwright.config.ts starts it with
// `npm run dev`, on its own ports so a developer's dev server can keep running.
import path from "node:path";
import { REPO_ROOT } from "../../local/config.ts";
import { portFromEnv } from "../../scripts/lib/devMode.ts";

export const SITE_PORT = portFromEnv(process.env.E2E_SITE_PORT, 5317, "E2E_SITE_PORT");
export const BACKEND_PORT = portFromEnv(process.env.E2E_BACKEND_PORT, 3317, "E2E_BACKEND_PORT");
export const SITE_URL = `http://localhost:${SITE_PORT}`;
export const BACKEND_URL = `http://127.0.0.1:${BACKEND_PORT}`;

/** Playwright's output folder: emptied at the start of every run, before the stack starts. */
export const OUTPUT_DIR = path.join(REPO_ROOT, "test-results");
/** The backend's data folder, so every run starts from an empty database. */
export const BACKEND_DATA_DIR = path.join(OUTPUT_DIR, "e2e-backend");

/**
 * The stack's session timeout (the deployment env var SESSION_TIMEOUT_MS,
 * read by convex/stats.config.ts), so a closed tab leaves "Active Now" in
 * seconds rather than two minutes.
 */
export const SESSION_TIMEOUT_MS = 10_000;
