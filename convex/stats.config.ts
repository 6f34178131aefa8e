// Deployment settings of the stats functions. Imported by stats.ts; the second
// dot keeps it from being a Convex module.
import { env as deploymentEnv } from "./_generated/server";
import { SESSION_TIMEOUT_MS } from "./constants";

/** The deployment environment variable that overrides SESSION_TIMEOUT_MS. */
export const SESSION_TIMEOUT_ENV = "SESSION_TIMEOUT_MS";
const MIN_SESSION_TIMEOUT_MS = 1_000;
const MAX_SESSION_TIMEOUT_MS = 24 * 60 * 60 * 1000;

type Env = Record<string, string | undefined>;

/**
 * SESSION_TIMEOUT_MS, unless the deployment sets the environment variable of
 * the same name: the end-to-end tests shorten it so they need not wait two
 * minutes for a closed tab to leave "Active Now". A bad value throws rather
 * than silently falling back, so a typo cannot hide.
 */
export function sessionTimeoutMs(env: Env = deploymentEnv): number {
  const raw = env[SESSION_TIMEOUT_ENV];
  if (raw === undefined || raw.trim() === "") return SESSION_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < MIN_SESSION_TIMEOUT_MS || value > MAX_SESSION_TIMEOUT_MS) {
    throw new Error(
      `${SESSION_TIMEOUT_ENV} must be a whole number of milliseconds from ${MIN_SESSION_TIMEOUT_MS} to ${MAX_SESSION_TIMEOUT_MS}, got "${raw}"`,
    );
  }
  return value;
}
