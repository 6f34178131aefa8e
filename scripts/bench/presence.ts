// Presence benchmark: how often heartbeats, joins, leaves and path changes
// re-run the live queries that read presence (getStats and presence.readers),
// counted by range overlap as Convex decides it, and what those re-runs read.
//
// 1,000 simulated readers heartbeat every 30 s for 10 simulated minutes, with
// 50 joins, 50 leaves and 100 path changes a minute, through the real
// functions on convex-test. Each commit's writes are recorded (table, document
// before and after); a commit re-runs a query when one of those documents,
// before or after, has index keys inside a range the query read:
//   getStats:          presence.by_path, the whole range
//   presence.readers:  presence.by_path = P, one subscription per page with readers
// See prds/stats.md and prds/write-conflicts.md.
import { convexTest } from "convex-test";
import { api } from "../../convex/_generated/api";
import { HEARTBEAT_INTERVAL_MS, SESSION_TIMEOUT_MS } from "../../convex/constants";
import { expire, heartbeat, leave, readers } from "../../convex/presence";
import schema from "../../convex/schema";
import { getStats } from "../../convex/stats";
import { measureMutation, measureQuery, page, post, seedContent, sessionId, type StatsTest, type WriteRecord } from "../../convex/stats.fixtures";
import { convexModules } from "./convexModules";

const READERS = 1_000;
const MINUTES = 10;
const PER_MINUTE = { joins: 50, leaves: 50, pathChanges: 100 };
const POSTS = 50;
const PAGES = 10;
const PATHS = ["/", "/stats", ...Array.from({ length: POSTS }, (_, i) => `/post-${i}`), ...Array.from({ length: PAGES }, (_, i) => `/page-${i}`)];

type Kind = "join" | "leave" | "path change" | "same-path heartbeat" | "expiry job";
type Tally = { calls: number; getStats: number; readers: number; any: number };

// Simulated time: the Convex functions read Date.now(), and a 10-minute run
// must not take 10 minutes.
let simNow = Date.UTC(2026, 0, 1);
Date.now = () => simNow;

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function main() {
  const t: StatsTest = convexTest({ schema, modules: convexModules(), transactionLimits: true });
  await seedContent(t, {
    posts: Array.from({ length: POSTS }, (_, i) => post(`post-${i}`, `Post ${i}`)),
    pages: Array.from({ length: PAGES }, (_, i) => page(`page-${i}`, `Page ${i}`)),
  });

  // Who is present, and on which page; ids never repeat.
  const present = new Map<string, { path: string; phase: number }>();
  let nextId = 0;
  const pathFor = (n: number) => PATHS[(n * 7919) % PATHS.length]!;
  for (let i = 0; i < READERS; i++) {
    const id = sessionId(nextId++);
    present.set(id, { path: pathFor(i), phase: i % (HEARTBEAT_INTERVAL_MS / 1_000) });
    await t.mutation(api.presence.heartbeat, { sessionId: id, path: present.get(id)!.path });
  }

  const tallies = new Map<Kind, Tally>();
  let docsRead = 0;
  let getStatsRuns = 0;
  // getStats reads about the same each run (the present readers plus the
  // stats rows), so it is measured once a simulated minute, not per re-run.
  let getStatsReads = 0;
  let readersRuns = 0;

  async function commit(kind: Kind, fn: unknown, args: Record<string, unknown>) {
    const writes: WriteRecord[] = [];
    await measureMutation(t, fn, args, writes);
    const touched = writes.filter((w) => w.table === "presence");
    const paths = new Set(touched.flatMap((w) => [w.before?.path, w.after?.path]).filter((p): p is string => typeof p === "string"));
    const tally = tallies.get(kind) ?? { calls: 0, getStats: 0, readers: 0, any: 0 };
    tally.calls += 1;
    if (touched.length > 0) {
      tally.getStats += 1;
      tally.any += 1;
      getStatsRuns += 1;
      docsRead += getStatsReads;
    }
    for (const path of paths) {
      tally.readers += 1;
      readersRuns += 1;
      docsRead += (await measureQuery(t, readers, { path })).usage.documentsRead;
    }
    tallies.set(kind, tally);
  }

  const start = simNow;
  const debt = { joins: 0, leaves: 0, pathChanges: 0 };
  for (let second = 0; second < MINUTES * 60; second++) {
    simNow = start + second * 1_000;
    if (second % 60 === 0) getStatsReads = (await measureQuery(t, getStats, {})).usage.documentsRead;
    const phase = second % (HEARTBEAT_INTERVAL_MS / 1_000);
    for (const [id, reader] of present) {
      if (reader.phase === phase) await commit("same-path heartbeat", heartbeat, { sessionId: id, path: reader.path });
    }
    debt.joins += PER_MINUTE.joins / 60;
    debt.leaves += PER_MINUTE.leaves / 60;
    debt.pathChanges += PER_MINUTE.pathChanges / 60;
    for (; debt.joins >= 1; debt.joins -= 1) {
      const id = sessionId(nextId++);
      present.set(id, { path: pathFor(nextId), phase });
      await commit("join", heartbeat, { sessionId: id, path: present.get(id)!.path });
    }
    for (; debt.leaves >= 1; debt.leaves -= 1) {
      const [id] = present.keys();
      present.delete(id!);
      await commit("leave", leave, { sessionId: id });
    }
    for (; debt.pathChanges >= 1; debt.pathChanges -= 1) {
      const ids = [...present.keys()];
      const id = ids[(second * 31 + Math.floor(debt.pathChanges * 100)) % ids.length]!;
      const reader = present.get(id)!;
      reader.path = PATHS[(PATHS.indexOf(reader.path) + 1) % PATHS.length]!;
      reader.phase = phase;
      await commit("path change", heartbeat, { sessionId: id, path: reader.path });
    }
    const armed = await t.run(async (ctx) => (await ctx.db.query("presenceExpiry").first())?.armedFor ?? null);
    if (armed !== null && armed <= simNow) await commit("expiry job", expire, { armedFor: armed });
  }

  const kinds: Kind[] = ["same-path heartbeat", "join", "leave", "path change", "expiry job"];
  console.log(
    `Presence benchmark (convex-test, simulated clock): ${fmt(READERS)} readers heartbeating every ${HEARTBEAT_INTERVAL_MS / 1_000} s ` +
      `for ${MINUTES} min, ${PER_MINUTE.joins} joins, ${PER_MINUTE.leaves} leaves and ${PER_MINUTE.pathChanges} path changes a minute\n`,
  );
  console.log(`${"call".padEnd(20)} ${"calls".padStart(8)} ${"re-ran getStats".padStart(16)} ${"re-ran readers".padStart(15)}`);
  for (const kind of kinds) {
    const tally = tallies.get(kind) ?? { calls: 0, getStats: 0, readers: 0, any: 0 };
    console.log(`${kind.padEnd(20)} ${fmt(tally.calls).padStart(8)} ${fmt(tally.getStats).padStart(16)} ${fmt(tally.readers).padStart(15)}`);
  }
  const total = [...tallies.values()].reduce((sum, tally) => sum + tally.any, 0);
  const target = (["join", "leave", "path change"] as const).reduce((sum, kind) => sum + (tallies.get(kind)?.calls ?? 0), 0);
  const fromHeartbeats = tallies.get("same-path heartbeat")?.any ?? 0;
  console.log(
    `\ncommits that wrote inside a range getStats or presence.readers read: ${fmt(total)} ` +
      `(target: joins + leaves + path changes = ${fmt(target)}; from same-path heartbeats: ${fmt(fromHeartbeats)}) ` +
      `${total <= target && fromHeartbeats === 0 ? "ok" : "MISSED"}`,
  );
  console.log(
    `re-runs a minute: getStats ${fmt(getStatsRuns / MINUTES)}, presence.readers ${fmt(readersRuns / MINUTES)}; ` +
      `documents read by them a minute: ${fmt(docsRead / MINUTES)}`,
  );

  // The previous design, same workload: every written heartbeat moved lastSeen
  // inside getStats' by_lastSeen range (a 30 s beat is past the 10 s skip).
  const heartbeatsPerMinute = (tallies.get("same-path heartbeat")?.calls ?? 0) / MINUTES;
  const before = heartbeatsPerMinute + target / MINUTES;
  console.log(
    `previous design (activeSessions.by_lastSeen), same workload: ~${fmt(before)} getStats re-runs a minute, ` +
      `~${fmt(before * getStatsReads)} documents read a minute (${fmt(getStatsReads)} per run; timeout ${SESSION_TIMEOUT_MS / 60_000} min)`,
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  // The expiry job also sits on convex-test's real timers: do not wait for them.
  .finally(() => process.exit());
