// The owner's goals (goals.config.ts at the repository's root), checked with
// errors that name the goal and the field. Checked when Convex loads the
// goals module (a bad config fails the deploy), by `npm run sync`, and by a
// test. Imported by goals.ts and scripts; the second dot keeps it from being a Convex module.
import { MAX_GOALS } from "./constants";
import { normalizeHost } from "./stats.context";
import { pathProblem } from "./stats.input";

/** One goal as the owner writes it: exactly one of `path`, `outboundHost`, `download`. */
export type GoalConfig = {
  /** Lower-case letters, digits and dashes; the dashboard's URL names the goal by it. */
  id: string;
  name: string;
  /** A path ("/about") or a pattern where `*` stands for any characters ("/blog/*"). */
  path?: string;
  /** A click on a link to this host or one of its subdomains ("github.com"). */
  outboundHost?: string;
  /** A click on a file of the site: "*" for any, "*.pdf", or a path pattern ("/files/*.zip"). */
  download?: string;
};

export type Goal = { id: string; name: string; kind: "visit" | "outbound" | "download"; target: string };

const ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const MAX_NAME = 80;
const KEYS = new Set(["id", "name", "path", "outboundHost", "download"]);

export class GoalConfigError extends Error {}

function fail(where: string, problem: string): never {
  throw new GoalConfigError(`goals.config.ts: ${where}: ${problem}`);
}

export function checkGoals(raw: unknown): Goal[] {
  if (!Array.isArray(raw)) fail("the default export", "must be an array of goals");
  if (raw.length > MAX_GOALS) fail("the default export", `at most ${MAX_GOALS} goals, got ${raw.length}`);
  const ids = new Set<string>();
  return raw.map((entry: unknown, i) => {
    const where = `goal ${i + 1}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) fail(where, "must be an object");
    const goal = entry as Record<string, unknown>;
    for (const key of Object.keys(goal)) {
      if (!KEYS.has(key)) fail(where, `unknown field "${key}" (fields: ${[...KEYS].join(", ")})`);
    }
    const { id, name } = goal;
    if (typeof id !== "string" || !ID.test(id)) fail(where, 'id must be 1-40 lower-case letters, digits or dashes, such as "newsletter"');
    const named = `${where} ("${id}")`;
    if (ids.has(id)) fail(named, "id is used by an earlier goal");
    ids.add(id);
    if (typeof name !== "string" || name.trim() === "" || name.length > MAX_NAME) fail(named, `name must be text of 1-${MAX_NAME} characters`);
    const targets = (["path", "outboundHost", "download"] as const).filter((key) => goal[key] !== undefined);
    if (targets.length !== 1) fail(named, "needs exactly one of path, outboundHost or download");
    const field = targets[0]!;
    const value = goal[field];
    if (typeof value !== "string") fail(named, `${field} must be a string`);
    if (field === "outboundHost") {
      const host = normalizeHost(value);
      if (host === undefined || host !== value.trim().toLowerCase()) fail(named, `outboundHost must be a bare host such as "github.com", got "${value}"`);
      return { id, name: name.trim(), kind: "outbound", target: host };
    }
    if (field === "download" && value === "*") return { id, name: name.trim(), kind: "download", target: "*" };
    const pattern = value.trim();
    if (!(field === "download" && pattern.startsWith("*.")) && pathProblem(pattern) !== null) fail(named, `${field} must be a path starting with "/" (or "*." for a file type), got "${value}"`);
    return { id, name: name.trim(), kind: field === "path" ? "visit" : "download", target: pattern };
  });
}

/** `*` matches any characters (also "/"); everything else is literal. */
export function matchesPattern(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const source = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${source}$`).test(value);
}

export function isPattern(target: string): boolean {
  return target.includes("*");
}

/** Whether a link event's host (outbound) or path (download) meets the goal. */
export function linkMeetsGoal(goal: Goal, doc: { key: string; host: string }): boolean {
  if (goal.kind === "outbound") return doc.host === goal.target || doc.host.endsWith(`.${goal.target}`);
  if (goal.kind === "download") {
    return matchesPattern(goal.target, doc.key);
  }
  return false;
}
