// `npm run bench:sync`: publishing 500 and 5,000 posts of 25 KB markdown
// (and as much HTML) through the staged sync, then changing every post, then
// shrinking to one post. Each step runs the same code as the internal
// mutations, in convex-test with Convex's transaction limits on; the bytes
// are convex-test's own limit accounting (document sizes as Convex counts
// them). Cleanup of the replaced generation is included in each phase.
import { convexTest } from "convex-test";
import { runStagedSync } from "../../convex/content.batches";
import { bigPost, drainStale, measuredCalls, type StepUsage, type SyncTest } from "../../convex/content.staging.fixtures";
import schema from "../../convex/schema";
import { attachInternals } from "../../local/convexTestInternals";
import { convexModules } from "./convexModules";

const SIZES = (process.env.BENCH_SYNC_SIZES ?? "500,5000").split(",").map(Number);
const MARKDOWN_BYTES = 25_000;
const MiB = 1024 * 1024;

interface Phase {
  name: string;
  seconds: number;
  usage: StepUsage[];
}

async function phase(t: SyncTest, name: string, posts: ReturnType<typeof bigPost>[]): Promise<Phase> {
  const usage: StepUsage[] = [];
  const started = performance.now();
  await runStagedSync(measuredCalls(t, () => Date.now(), (u) => usage.push(u)), { posts, pages: [] });
  await drainStale(t, (u) => usage.push(u));
  return { name, seconds: (performance.now() - started) / 1000, usage };
}

const max = (usage: StepUsage[], key: keyof Omit<StepUsage, "step">) => Math.max(...usage.map((u) => u[key]));
const largest = (usage: StepUsage[], key: keyof Omit<StepUsage, "step">) => usage.reduce((a, b) => (b[key] > a[key] ? b : a));

function print(size: number, p: Phase) {
  const steps = (step: StepUsage["step"]) => p.usage.filter((u) => u.step === step).length;
  const read = largest(p.usage, "bytesRead");
  const written = largest(p.usage, "bytesWritten");
  console.log(
    [
      String(size).padStart(5),
      p.name.padEnd(14),
      String(p.usage.length).padStart(5),
      `${steps("stage")}+${steps("cleanup")}`.padStart(9),
      `${(read.bytesRead / MiB).toFixed(2)} (${read.step})`.padStart(16),
      `${(written.bytesWritten / MiB).toFixed(2)} (${written.step})`.padStart(16),
      String(max(p.usage, "documentsRead")).padStart(8),
      String(max(p.usage, "documentsWritten")).padStart(8),
      String(max(p.usage, "indexRanges")).padStart(7),
      `${p.seconds.toFixed(1)} s`.padStart(9),
    ].join("  "),
  );
}

async function main() {
  console.log(`Staged sync, ${MARKDOWN_BYTES / 1000} KB markdown per post; limits per transaction: 16 MiB read/written, 32,000 docs read, 16,000 written, 4,096 index ranges.`);
  console.log(" posts  phase           txns  stage+clean  max read MiB    max write MiB   docs rd  docs wr  ranges      time");
  for (const size of SIZES) {
    const t: SyncTest = convexTest({ schema, modules: convexModules(), transactionLimits: true });
    // The local backend's sorted indexes: plain convex-test scans a table per query.
    attachInternals(t);
    const make = (seed: number) => Array.from({ length: size }, (_, i) => bigPost(i, MARKDOWN_BYTES, seed));
    print(size, await phase(t, "first publish", make(0)));
    print(size, await phase(t, "change all", make(1)));
    print(size, await phase(t, "shrink to one", [bigPost(0, MARKDOWN_BYTES, 2)]));
  }
}

await main();
