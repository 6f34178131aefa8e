// Keys of the stats dashboard's private mode on the local stack: generated once
// into the data folder, readable only by its owner, handed to the backend as
// the STATS_OWNER_KEY / STATS_SHARE_KEY settings a deployment would have.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./config.ts";
import { servedDataDirProblem } from "./servedFolders.ts";

export const STATS_KEYS_FILE = "stats-keys.json";

export type StatsKeys = { ownerKey: string; shareKey: string };

function isKeys(value: unknown): value is StatsKeys {
  const keys = value as Partial<StatsKeys> | null;
  return typeof keys?.ownerKey === "string" && keys.ownerKey.length >= 16 && typeof keys.shareKey === "string" && keys.shareKey.length >= 16;
}

/** Returns the stored keys, or creates them (mode 0600) the first time. */
export function ensureStatsKeys(dataDir: string, projectRoot = REPO_ROOT): StatsKeys & { file: string } {
  // Refused before anything is written: the site would serve the keys.
  const served = servedDataDirProblem(dataDir, projectRoot);
  if (served !== null) throw new Error(served);
  const file = path.join(dataDir, STATS_KEYS_FILE);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    const keys: StatsKeys = { ownerKey: randomBytes(24).toString("base64url"), shareKey: randomBytes(24).toString("base64url") };
    fs.writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { flag: "wx", mode: 0o600 });
    return { ...keys, file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const stored: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  if (!isKeys(stored)) throw new Error(`The stats keys file ${file} is damaged: delete it and restart.`);
  return { ownerKey: stored.ownerKey, shareKey: stored.shareKey, file };
}
