// Phases of `npm run bench:flood` about what one connection may cost others
// (`budgets`: query-set churn, huge subscription arguments, stalled uploads)
// and about who hears of a commit (`live`: messages to readers as others join,
// leave and move; writes with the real /stats page's queries subscribed).
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import WebSocket from "ws";
import { api, internal } from "../../convex/_generated/api";
import { post } from "../../convex/stats.fixtures.ts";
import { adminHttpClient } from "../../local/adminClient.ts";
import { readAdminKey } from "../../local/adminKey.ts";
import { STATUS_PATH } from "../../local/index.ts";
import type { BackendProcess } from "../../local/testing.ts";
import { ANCHOR_STEP_MS, DEFAULT_RANGE, DIMENSIONS } from "../../src/pages/stats/dashboard/params.ts";
import { foldAll, p50p95, quantile, seededFolder, startBackend, stopBackend, thousands, timed, url, view, withTimeout, wsClient } from "./floodHarness.ts";

const MiB = 1024 * 1024;
const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

/** Resident memory of a process, from Linux's /proc, in MB (null elsewhere). */
function rssMbOf(pid: number | undefined): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match === null ? null : Math.round(Number(match[1]) / 1024);
  } catch {
    return null;
  }
}
const mb = (x: number | null) => (x === null ? "n/a" : `${x} MB`);

/** A backend with `count` folded views, and its process (for its memory). */
async function withProcess<T>(count: number, run: (backend: BackendProcess, dataDir: string) => Promise<T>): Promise<T> {
  const folder = seededFolder(count);
  const backend = await startBackend(folder.dataDir);
  try {
    await foldAll(count, folder.dataDir);
    return await run(backend, folder.dataDir);
  } finally {
    await stopBackend(backend);
    folder.remove();
  }
}

/** A raw sync socket: frames are sent as given, and only counted on the way back. */
async function rawSocket(): Promise<{ ws: WebSocket; received: () => number; modify(mods: unknown[]): void; close(): Promise<void> }> {
  const ws = new WebSocket(`${url.replace("http", "ws")}/api/1.48.0/sync`, { maxPayload: 64 * MiB });
  let received = 0;
  ws.on("message", (data) => {
    if (!data.toString().startsWith('{"type":"Ping"')) received += 1;
  });
  ws.on("error", () => undefined);
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  ws.send(JSON.stringify({ type: "Connect", sessionId: randomUUID(), connectionCount: 0, lastCloseReason: null, clientTs: Date.now() }));
  let version = 0;
  return {
    ws,
    received: () => received,
    modify(mods) {
      ws.send(JSON.stringify({ type: "ModifyQuerySet", baseVersion: version, newVersion: version + 1, modifications: mods }));
      version += 1;
    },
    async close() {
      if (ws.readyState === ws.CLOSED) return;
      const closed = new Promise((resolve) => ws.once("close", resolve));
      ws.close();
      await closed;
    },
  };
}

const WRITES = 60;

/** Another client's sequential recordPageView calls over its own socket. */
async function otherClientWrites(rounds = WRITES): Promise<number[]> {
  const client = wsClient();
  try {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) times.push(await timed(() => client.mutation(api.stats.recordPageView, view())));
    return times;
  } finally {
    await client.close();
  }
}

function slowdown(base: number[], loaded: number[]): string {
  const ratio = (q: number) => (quantile(loaded, q) / quantile(base, q)).toFixed(2);
  return `${p50p95(loaded)}; vs alone ${p50p95(base)}: p50 ${ratio(0.5)}×, p95 ${ratio(0.95)}×`;
}

const CHURN_PER_FRAME = 500;

/** One socket adds and removes subscriptions as fast as it can send (aiming at ~50,000 changes a second). */
async function churn(): Promise<{ stop(): Promise<{ sent: number; seconds: number }> }> {
  const socket = await rawSocket();
  let running = true;
  let sent = 0;
  const started = performance.now();
  const loop = (async () => {
    let id = 0;
    while (running) {
      // Kept near the server's pace: what it does not read waits in the socket, not in this process.
      if (socket.ws.bufferedAmount < 4 * MiB) {
        const mods: unknown[] = [];
        for (let i = 0; i < CHURN_PER_FRAME / 2; i++) {
          id += 1;
          mods.push({ type: "Add", queryId: id, udfPath: "presence:readers", args: [{ path: `/churn-${id}` }] });
          if (id > 1) mods.push({ type: "Remove", queryId: id - 1 });
        }
        socket.modify(mods);
        sent += mods.length;
      }
      await sleep(10);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const seconds = (performance.now() - started) / 1000;
      await socket.close();
      return { sent, seconds };
    },
  };
}

/** Twenty POSTs declaring 19 MB each that send almost all of it and then stall. */
function stalledUploads(count = 20, declared = 19_000_000): { sockets: net.Socket[]; statuses: Promise<string[]> } {
  const port = Number(new URL(url).port);
  const sockets: net.Socket[] = [];
  const statuses: Array<Promise<string>> = [];
  for (let i = 0; i < count; i++) {
    const socket = net.connect(port, "127.0.0.1");
    sockets.push(socket);
    socket.on("error", () => undefined);
    socket.write(`POST /api/mutation HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n`);
    socket.write(Buffer.alloc(declared - 100_000, 32));
    statuses.push(
      new Promise((resolve) => {
        let text = "";
        socket.on("data", (data) => (text += data.toString()));
        socket.on("close", () => resolve(text.split("\r\n")[0] || "(closed without an answer)"));
      }),
    );
  }
  return { sockets, statuses: Promise.all(statuses) };
}

/**
 * The socket with 40 subscriptions of 15 MiB arguments, in a process of its
 * own (bigSubscriber.ts), as a hostile page would be: building and masking
 * its frames must not stall the client whose writes are timed here.
 */
function bigSubscriber(): { opened: Promise<void>; sent: Promise<void>; answers(): number; close(): Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./bigSubscriber.ts", import.meta.url)), url], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let answers = 0;
  let markOpened: () => void = () => undefined;
  let markSent: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (markOpened = resolve));
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.on("message", (message: { sent?: number; answers?: number; done?: boolean }) => {
    if (message.answers !== undefined) answers = message.answers;
    if (message.sent === 0) markOpened();
    if (message.done === true) markSent();
  });
  void exited.then(() => (markOpened(), markSent()));
  return {
    // Connected, the first frame about to go: the writes are timed from then on.
    opened,
    sent,
    answers: () => answers,
    async close() {
      if (child.exitCode === null) child.send("close");
      await withTimeout("closing the big subscriber", exited);
    },
  };
}

/** What /_local/status says the connections hold. */
async function heldByBackend(): Promise<string> {
  const status = (await (await fetch(`${url}/_local/status`)).json()) as { held?: unknown };
  return JSON.stringify(status.held ?? "n/a");
}

const tally = (xs: string[]) => [...new Map(xs.map((x) => [x, xs.filter((y) => y === x).length]))].map(([x, n]) => `${n}× ${x}`).join(", ");

export async function budgetsPhase() {
  console.log("\n7. Budgets per connection (1,000 stored views, folded): another client's sequential recordPageView over its socket");
  await withProcess(1_000, async (backend) => {
    const pid = backend.child.pid;
    const alone = await otherClientWrites();
    console.log(`   alone: ${p50p95(alone)}`);

    const churner = await churn();
    const duringChurn = await withTimeout("writes during churn", otherClientWrites());
    const { sent, seconds } = await churner.stop();
    console.log(
      `   one socket churning subscriptions (${thousands(Math.round(sent / seconds))} changes/s sent over ${seconds.toFixed(1)} s): ` +
        slowdown(alone, duringChurn),
    );

    const rssBefore = rssMbOf(pid);
    let peak = rssBefore ?? 0;
    const holder = bigSubscriber();
    const sampling = setInterval(() => (peak = Math.max(peak, rssMbOf(pid) ?? 0)), 100);
    await holder.opened;
    const duringBig = await withTimeout("writes during big subscriptions", otherClientWrites());
    await holder.sent;
    const deadline = Date.now() + 60_000;
    while (holder.answers() < 1 && Date.now() < deadline) await sleep(50);
    clearInterval(sampling);
    peak = Math.max(peak, rssMbOf(pid) ?? 0);
    const rssHeld = rssMbOf(pid);
    const heldOpen = await heldByBackend();
    await holder.close();
    await sleep(3_000);
    const rssAfter = rssMbOf(pid);
    await sleep(12_000);
    const rssLater = rssMbOf(pid);
    console.log(`   one socket (another process) sends 40 subscriptions with 15 MiB arguments each (${holder.answers()} answers): ${slowdown(alone, duringBig)}`);
    console.log(
      `   backend RSS: ${mb(rssBefore)} before, peak ${mb(peak)}, ${mb(rssHeld)} while held, ` +
        `${mb(rssAfter)} 3 s and ${mb(rssLater)} 15 s after the socket closed`,
    );
    console.log(`   held by connections (/_local/status): ${heldOpen} while open; ${await heldByBackend()} after`);

    const rssBeforeUploads = rssMbOf(pid);
    const uploads = stalledUploads();
    const duringUploads = await withTimeout("writes during stalled uploads", otherClientWrites());
    await sleep(1_000);
    const rssStalled = rssMbOf(pid);
    const statuses = await withTimeout("stalled uploads", uploads.statuses);
    await sleep(1_000);
    console.log(`   twenty stalled 19 MB uploads: ${slowdown(alone, duringUploads)}`);
    console.log(`   their answers: ${tally(statuses)}; backend RSS ${mb(rssBeforeUploads)} before, ${mb(rssStalled)} while stalled, ${mb(rssMbOf(pid))} after`);
    for (const socket of uploads.sockets) socket.destroy();
  });
}

const READER_LEVELS = [10, 100, 1_000];
const PATHS = 20;
const CHANGES = 200;

/** Query runs the backend has started (its `/_local/status`). */
async function queryRuns(): Promise<number> {
  return ((await (await fetch(`${url}${STATUS_PATH}`)).json()) as { queryRuns: number }).queryRuns;
}

/**
 * Readers subscribed to "N reading now" of their page; others join, move and
 * leave; every frame the readers get is counted, and the query runs that the
 * changes caused (the presence reads per change).
 */
async function readersRound(readers: number, paths: string[]): Promise<{ messages: number; runs: number }> {
  const sockets = await Promise.all(Array.from({ length: readers }, () => rawSocket()));
  try {
    sockets.forEach((socket, i) => socket.modify([{ type: "Add", queryId: 1, udfPath: "presence:readers", args: [{ path: paths[i % paths.length]! }] }]));
    const deadline = Date.now() + 60_000;
    while (sockets.some((s) => s.received() < 1) && Date.now() < deadline) await sleep(20);
    await sleep(500);
    const before = sockets.reduce((sum, s) => sum + s.received(), 0);
    const runsBefore = await queryRuns();
    const http = new ConvexHttpClient(url);
    const sessions: Array<{ id: string; path: string }> = [];
    for (let i = 0; i < CHANGES; i++) {
      // A third each: joins, moves, leaves (a leave only once someone is there).
      const kind = sessions.length === 0 ? 0 : i % 3;
      if (kind === 0) {
        const s = { id: randomUUID(), path: paths[i % paths.length]! };
        sessions.push(s);
        await http.mutation(api.presence.heartbeat, { sessionId: s.id, path: s.path });
      } else if (kind === 1) {
        const s = sessions[i % sessions.length]!;
        s.path = paths[(paths.indexOf(s.path) + 1) % paths.length]!;
        await http.mutation(api.presence.heartbeat, { sessionId: s.id, path: s.path });
      } else {
        const s = sessions.splice(i % sessions.length, 1)[0]!;
        await http.mutation(api.presence.leave, { sessionId: s.id });
      }
    }
    await sleep(1_500);
    return { messages: sockets.reduce((sum, s) => sum + s.received(), 0) - before, runs: (await queryRuns()) - runsBefore };
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
  }
}

const THROUGHPUT_CALLS = 200;
const THROUGHPUT_PAIRS = 3;

/** The /stats page's live queries with its own arguments (as bench:live subscribes them). */
function openStatsPage(client: ConvexClient, onUpdate: () => void): Array<() => void> {
  const anchor = Date.now() - (Date.now() % ANCHOR_STEP_MS);
  const args = { range: DEFAULT_RANGE, anchor, filters: [] };
  return [
    client.onUpdate(api.stats.getStats, {}, onUpdate),
    client.onUpdate(api.dashboard.settings, {}, onUpdate),
    client.onUpdate(api.dashboard.summary, args, onUpdate),
    client.onUpdate(api.dashboard.series, args, onUpdate),
    ...DIMENSIONS.map((dimension) => client.onUpdate(api.dashboard.breakdown, { ...args, dimension }, onUpdate)),
  ];
}

async function throughput(withPage: boolean): Promise<number> {
  const http = new ConvexHttpClient(url);
  const page = withPage ? wsClient() : null;
  let updates = 0;
  const stops = page === null ? [] : openStatsPage(page, () => void (updates += 1));
  try {
    while (page !== null && updates < stops.length) await sleep(10);
    const elapsed = await timed(async () => {
      for (let i = 0; i < THROUGHPUT_CALLS; i++) await http.mutation(api.stats.recordPageView, view());
    });
    return (THROUGHPUT_CALLS / elapsed) * 1000;
  } finally {
    for (const stop of stops) stop();
    await page?.close();
  }
}

export async function livePhase() {
  console.log(`\n8. Who hears of a commit: ${PATHS} pages, readers spread over them, each subscribed to its page's presence.readers;`);
  console.log(`   ${CHANGES} presence changes over HTTP (a third each: joins, moves, leaves); frames the readers got (Pings excluded)`);
  await withProcess(1_000, async (_backend, dataDir) => {
    const admin = adminHttpClient(url, readAdminKey(dataDir));
    const slugs = Array.from({ length: PATHS - 2 }, (_, i) => `bench-post-${i}`);
    await admin.mutation(internal.content.sync, { posts: slugs.map((slug) => post(slug, slug)), pages: [] });
    const paths = ["/", "/stats", ...slugs.map((slug) => `/${slug}`)];
    for (const readers of READER_LEVELS) {
      const { messages, runs } = await withTimeout("readers round", readersRound(readers, paths));
      const perChange = messages / CHANGES;
      console.log(
        `   ${thousands(readers).padStart(5)} readers: ${thousands(messages)} messages, ${perChange.toFixed(2)} per change; ` +
          `at 200 changes a minute ${thousands(Math.round(perChange * 200))} messages a minute; ` +
          `presence query runs ${(runs / CHANGES).toFixed(2)} per change (${thousands(runs)})`,
      );
    }
  });
  console.log(
    `\n9. Sequential recordPageView over HTTP (1,000 stored views, folded), ${THROUGHPUT_PAIRS} blocks of ${THROUGHPUT_CALLS} each way, ` +
      "alone / with the /stats page's live queries subscribed (getStats, settings, summary, series, every breakdown), alternating",
  );
  await withProcess(1_000, async () => {
    await withTimeout("throughput", throughput(false));
    const alone: number[] = [];
    const watched: number[] = [];
    for (let i = 0; i < THROUGHPUT_PAIRS; i++) {
      for (const withPage of i % 2 === 0 ? [false, true] : [true, false]) {
        (withPage ? watched : alone).push(await withTimeout("throughput", throughput(withPage)));
      }
    }
    const [a, w] = [quantile(alone, 0.5), quantile(watched, 0.5)];
    const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");
    console.log(`   ${list(alone)} / s alone, ${list(watched)} / s with /stats open; medians ${a.toFixed(0)} vs ${w.toFixed(0)} / s, ${(a / w).toFixed(2)}× slower`);
  });
}
