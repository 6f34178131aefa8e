// The local backend's admin key: generated once, readable only by its owner.
// Kept free of heavy imports so scripts can read the key cheaply.
import { randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { defaultDataDir } from "./config.ts";

export const ADMIN_KEY_FILE = "admin_key";

/** Reads the admin key written by the backend on its first start. */
export function readAdminKey(dataDir: string = defaultDataDir()): string {
  const file = path.join(dataDir, ADMIN_KEY_FILE);
  let key: string;
  try {
    key = fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new Error(
      `No admin key at ${file} (${(error as Error).message}). Start the local backend once (npm run backend or npm run dev) to create it.`,
      { cause: error },
    );
  }
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`The admin key file ${file} is damaged: delete it and restart the backend.`);
  return key;
}

/** Returns the existing key, or creates one (mode 0600) on first start. */
export function ensureAdminKey(dataDir: string): { key: string; file: string; created: boolean } {
  const file = path.join(dataDir, ADMIN_KEY_FILE);
  try {
    const fd = fs.openSync(file, "wx", 0o600);
    const key = randomBytes(32).toString("hex");
    try {
      fs.writeFileSync(fd, `${key}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return { key, file, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  // A key readable by others is no longer secret to this user alone: tighten it.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  return { key: readAdminKey(dataDir), file, created: false };
}

/**
 * True when an `Authorization` header carries this admin key, as
 * `ConvexHttpClient.setAdminAuth(key)` sends it: `Convex <key>` or
 * `Convex <key>:<acting-as identity>`.
 */
export function isAdminAuthorization(header: string | undefined, key: string): boolean {
  if (header === undefined || !header.startsWith("Convex ")) return false;
  return keysMatch(header.slice("Convex ".length).split(":")[0] ?? "", key);
}

export function keysMatch(given: string, key: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}
