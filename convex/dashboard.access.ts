// Site settings of the dashboard, read from the deployment's environment
// (`npx convex env set`), and the private mode's key check. Imported by
// dashboard.ts and stats.ts; the second dot keeps it from being a Convex module.
import { ConvexError } from "convex/values";
import { env as deploymentEnv } from "./_generated/server";
import { isTimeZone } from "./dashboard.time";
import type { DashboardSettings, KeyRole, ShareLinkAnswer } from "./validators";

type Env = Record<string, string | undefined>;

export const TIME_ZONE_ENV = "SITE_TIME_ZONE";
export const ACCESS_ENV = "STATS_ACCESS";
export const OWNER_KEY_ENV = "STATS_OWNER_KEY";
export const SHARE_KEY_ENV = "STATS_SHARE_KEY";
/** Keys shorter than this are refused as settings: they could be guessed. */
const MIN_KEY_LENGTH = 16;

/** SITE_TIME_ZONE, default UTC. A name Intl does not know throws, so a typo cannot hide. */
export function siteTimeZone(env: Env = deploymentEnv): string {
  const raw = env[TIME_ZONE_ENV]?.trim();
  if (raw === undefined || raw === "") return "UTC";
  if (!isTimeZone(raw)) throw new Error(`${TIME_ZONE_ENV} must be an IANA time zone such as "Europe/Berlin", got "${raw}"`);
  return raw;
}

export function settingsOf(env: Env = deploymentEnv): DashboardSettings {
  const access = env[ACCESS_ENV]?.trim() ?? "";
  if (access !== "" && access !== "public" && access !== "private") {
    throw new Error(`${ACCESS_ENV} must be "public" or "private", got "${access}"`);
  }
  return { timeZone: siteTimeZone(env), access: access === "private" ? "private" : "public" };
}

/** Compares without an early exit, so the time taken does not tell how much of a guess was right. */
function sameSecret(given: string, secret: string): boolean {
  let diff = given.length ^ secret.length;
  for (let i = 0; i < secret.length; i++) diff |= (given.charCodeAt(i % Math.max(given.length, 1)) || 0) ^ secret.charCodeAt(i);
  return diff === 0;
}

function secretOf(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value !== undefined && value.length >= MIN_KEY_LENGTH ? value : null;
}

/** Which key this is: the owner's, the read-only share key, or neither. */
export function roleOf(key: string | undefined, env: Env = deploymentEnv): KeyRole {
  if (key === undefined) return null;
  const owner = secretOf(env, OWNER_KEY_ENV);
  const share = secretOf(env, SHARE_KEY_ENV);
  // Both are compared every time, so timing does not tell which one matched.
  const isOwner = owner !== null && sameSecret(key, owner);
  const isShare = share !== null && sameSecret(key, share);
  return isOwner ? "owner" : isShare ? "share" : null;
}

/**
 * What the owner needs to hand out a read-only link: the share key, or null
 * when it is not set. Anyone else (the share key's holder, a wrong key, a
 * public deployment) gets null; in private mode a missing or wrong key throws
 * like every traffic query.
 */
export function shareLinkFor(key: string | undefined, env: Env = deploymentEnv): ShareLinkAnswer {
  checkAccess(key, env);
  if (settingsOf(env).access !== "private" || roleOf(key, env) !== "owner") return null;
  return { shareKey: secretOf(env, SHARE_KEY_ENV) };
}

/** In private mode, throws ConvexError({ code: "PRIVATE" }) unless `key` is the owner or share key. */
export function checkAccess(key: string | undefined, env: Env = deploymentEnv): void {
  if (settingsOf(env).access === "public") return;
  if (roleOf(key, env) !== null) return;
  throw new ConvexError({
    code: "PRIVATE",
    message: key === undefined ? "These stats are private: a key is needed." : "This key does not open these stats.",
  });
}
