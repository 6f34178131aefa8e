import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { getFunctionName, makeFunctionReference } from "convex/server";
import { internal } from "../../convex/_generated/api.js";
import { siteTimeZone } from "../../convex/dashboard.access";
import type { BeginArgs, BeginResult, KindCounts, StageArgs, SyncArgs, SyncResult } from "../../convex/content";
import { runStagedSync } from "../../convex/content.batches";
import { isScheduled } from "../../convex/content.schedule";
import type { Page, Post } from "../../convex/validators";
import { loadContent } from "./content";
import { formatProblem } from "./frontmatter";
import { resolveTarget, TargetError, type Target } from "./target";

/** Sends one sync to a target; swapped out in tests. */
export type Sender = (target: Target, args: SyncArgs) => Promise<SyncResult>;

export interface SyncOptions {
  /** Folder holding `blog/` and `pages/`. */
  root: string;
  prod: boolean;
  dryRun: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
  send?: Sender;
  /** The clock, for telling scheduled posts apart; tests fix it. */
  now?: number;
}

const REQUEST_TIMEOUT_MS = 60_000;

// The staging functions are typed as internal, which the HTTP client's
// signature does not admit; the admin key is what makes the calls legal.
const beginMutation = makeFunctionReference<"mutation", BeginArgs, BeginResult>(getFunctionName(internal.content.beginStaging));
const stageMutation = makeFunctionReference<"mutation", StageArgs, null>(getFunctionName(internal.content.stage));
const switchMutation = makeFunctionReference<"mutation", { generation: number }, null>(getFunctionName(internal.content.switchToStaged));

/**
 * `setAdminAuth` is how the Convex CLI calls internal functions; convex 1.48
 * ships it on ConvexHttpClient but leaves it out of the type declarations.
 * sync.test.ts fails if a convex upgrade removes it.
 */
export function withAdminAuth(client: ConvexHttpClient, adminKey: string): ConvexHttpClient {
  const admin = client as ConvexHttpClient & { setAdminAuth?: (key: string) => void };
  if (typeof admin.setAdminAuth !== "function") {
    throw new Error("This convex version's ConvexHttpClient has no setAdminAuth; the sync cannot authenticate.");
  }
  admin.setAdminAuth(adminKey);
  return client;
}

export const sendWithAdminKey: Sender = async (target, args) => {
  const client = new ConvexHttpClient(target.url, {
    logger: false,
    fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
  });
  const admin = withAdminAuth(client, target.adminKey);
  // In batches, so a big blog never needs one oversized transaction; readers
  // see the new content only once every batch is in (convex/content.stage.ts).
  return runStagedSync(
    {
      begin: (begin) => admin.mutation(beginMutation, begin),
      stage: (batch) => admin.mutation(stageMutation, batch),
      switchOver: (live) => admin.mutation(switchMutation, live),
    },
    args,
  );
};

/** Validates everything, then sends it in staged batches that go live together. Returns the exit code. */
export async function runSync(options: SyncOptions): Promise<number> {
  const { out, err } = options;
  // The same SITE_TIME_ZONE the deployment's dashboard reads: set it in both places.
  let timeZone: string;
  try {
    timeZone = siteTimeZone(options.env);
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    return 1;
  }
  // Images are the site's own files, whichever content folder refers to them.
  const { posts, pages, problems } = await loadContent(options.root, path.join(options.cwd, "public"), timeZone);
  if (problems.length > 0) {
    for (const problem of problems) err(formatProblem(problem));
    const files = new Set(problems.map((p) => p.file)).size;
    err(`\n${plural(problems.length, "problem")} in ${plural(files, "file")}; nothing was written.`);
    return 1;
  }
  out(`Checked ${plural(posts.length, "post")} and ${plural(pages.length, "page")}: all valid.`);
  for (const line of scheduledLines(posts, options.now ?? Date.now(), timeZone)) out(line);

  let target: Target;
  try {
    target = resolveTarget({ prod: options.prod, env: options.env, cwd: options.cwd });
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    if (options.dryRun) return offlineDryRun(out, error.message, posts, pages);
    err(error.message);
    return 1;
  }

  const send = options.send ?? sendWithAdminKey;
  let result: SyncResult;
  try {
    result = await send(target, { posts, pages, dryRun: options.dryRun });
  } catch (error) {
    const message = describeSendError(error, target);
    if (options.dryRun) return offlineDryRun(out, message, posts, pages);
    err(message);
    return 1;
  }
  out(`${options.dryRun ? "Dry run against" : "Synced to"} ${target.label} (${target.url}):`);
  for (const line of countsTable(result)) out(line);
  const changes = total(result.posts) + total(result.pages);
  if (changes === 0) out("Nothing changed.");
  else if (options.dryRun) out(`Dry run: ${plural(changes, "change")} not written.`);
  return 0;
}

function offlineDryRun(out: (line: string) => void, reason: string, posts: Post[], pages: Page[]): number {
  out(`Not compared with a backend: ${reason}`);
  out("Dry run, nothing written. Would send:");
  const width = Math.max(0, ...[...posts, ...pages].map((doc) => doc.slug.length));
  for (const post of posts) {
    out(`  post  ${post.slug.padEnd(width)}  ${status(post.published)}  ${post.date}  ${post.readTime}`);
  }
  for (const page of pages) {
    out(`  page  ${page.slug.padEnd(width)}  ${status(page.published)}  ${page.order === undefined ? "no order" : `order ${page.order}`}`);
  }
  return 0;
}

/** Published posts whose time is still to come: hidden until then, and when that is. */
export function scheduledLines(posts: Post[], now: number, timeZone = "UTC"): string[] {
  const waiting = posts.filter((post) => isScheduled(post, now)).sort((a, b) => a.publishAt! - b.publishAt!);
  if (waiting.length === 0) return [];
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
  return [
    `Scheduled (hidden until then, published automatically; times in ${timeZone}):`,
    ...waiting.map((post) => `  ${post.slug}  ${when.format(post.publishAt)}`),
  ];
}

const status = (published: boolean) => (published ? "published" : "draft    ");

function total(counts: KindCounts): number {
  return counts.created + counts.updated + counts.deleted;
}

export function countsTable(result: SyncResult): string[] {
  const columns = ["created", "updated", "deleted", "unchanged"] as const;
  const row = (name: string, cells: (string | number)[]) =>
    `  ${name.padEnd(6)}${cells.map((c) => String(c).padStart(11)).join("")}`;
  return [
    row("", [...columns]),
    row("posts", columns.map((c) => result.posts[c])),
    row("pages", columns.map((c) => result.pages[c])),
  ];
}

export function describeSendError(error: unknown, target: Target): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `${target.label} at ${target.url} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.`;
  }
  if (message === "fetch failed" || cause !== undefined) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? cause?.message ?? message;
    const hint = target.local
      ? "Start it with `npm run backend` (or `npm run dev`)."
      : "Check the URL and your network connection.";
    return `Could not reach ${target.label} at ${target.url} (${code}). ${hint}`;
  }
  if (/admin key|BadAdminKey|BadDeployKey|unauthori[sz]ed|unauthenticated|forbidden|\b40[13]\b/i.test(message)) {
    return `${capitalize(target.label)} refused the admin key (${message}). Check ${target.local ? "the backend's admin_key file" : "CONVEX_DEPLOY_KEY"}.`;
  }
  return `The sync failed on ${target.label}: ${message}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
