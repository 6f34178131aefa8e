// Rough figures for prds/local-backend.md: `npx tsx local/measure.ts [views]`.
// Runs the project's convex/ functions in a temporary data folder.
import { randomUUID } from "node:crypto";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import WebSocket from "ws";
import { startLocalBackend } from "./backend.ts";
import { makeTempDir } from "./testing.ts";

const TARGET_VIEWS = Number(process.argv[2] ?? 10_000);
const stats = anyApi.stats!;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function timeViews(http: ConvexHttpClient, count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    await http.mutation(stats.recordPageView!, { path: "/", pageType: "home", sessionId: randomUUID() });
  }
  return (count / (performance.now() - start)) * 1000;
}

async function queryLatency(http: ConvexHttpClient, runs = 20) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await http.query(stats.getStats!, { now: Math.floor(Date.now() / 10_000) * 10_000 });
    times.push(performance.now() - start);
  }
  return times;
}

async function pushLatency(url: string, http: ConvexHttpClient, runs = 20) {
  const watcher = new ConvexClient(url, { webSocketConstructor: WebSocket as never });
  let resolveUpdate: (() => void) | null = null;
  let total = -1;
  watcher.onUpdate(stats.getStats!, { now: Math.floor(Date.now() / 10_000) * 10_000 }, (s: { totalPageViews: number }) => {
    if (s.totalPageViews !== total) {
      total = s.totalPageViews;
      resolveUpdate?.();
    }
  });
  await new Promise((r) => setTimeout(r, 500));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const updated = new Promise<void>((resolve) => (resolveUpdate = resolve));
    const start = performance.now();
    await http.mutation(stats.recordPageView!, { path: "/", pageType: "home", sessionId: randomUUID() });
    await updated;
    times.push(performance.now() - start);
  }
  await watcher.close();
  return times;
}

async function main() {
  const temp = makeTempDir("local-backend-measure-");
  let backend = await startLocalBackend({ port: 0, dataDir: temp.dir, quiet: true, watch: false });
  const http = new ConvexHttpClient(backend.url);
  console.log(`Mutation throughput (recordPageView, sequential HTTP), empty: ${(await timeViews(http, 500)).toFixed(0)}/s`);
  console.log(`Seeding to ${TARGET_VIEWS} views…`);
  await timeViews(http, TARGET_VIEWS - 500);
  console.log(`Mutation throughput at ${TARGET_VIEWS} views: ${(await timeViews(http, 300)).toFixed(0)}/s`);
  const q = await queryLatency(http);
  console.log(`getStats over HTTP at ${TARGET_VIEWS} views: p50 ${ms(quantile(q, 0.5))}, p95 ${ms(quantile(q, 0.95))}`);
  const p = await pushLatency(backend.url, http);
  console.log(`Mutation → pushed getStats update (other client): p50 ${ms(quantile(p, 0.5))}, p95 ${ms(quantile(p, 0.95))}`);
  const documents = backend.executor.documentCount();
  await backend.close();

  const start = performance.now();
  backend = await startLocalBackend({ port: 0, dataDir: temp.dir, quiet: true, watch: false });
  console.log(`Restart with ${documents} documents (replay + load functions): ${ms(performance.now() - start)}`);
  await backend.close();
  temp.remove();
}

await main();
