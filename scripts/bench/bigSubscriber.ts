// Run by floodBudgets.ts as a process of its own: one socket that sends 40
// subscriptions with 15 MiB arguments each. Building and masking those
// frames costs this process about as much as reading them costs the
// backend; in the bench's own process that cost landed on the client
// whose writes it measures. Reports over IPC; closes when told to.
import { randomUUID } from "node:crypto";
import WebSocket from "ws";

const MiB = 1024 * 1024;
const [url, count = "40", mib = "15"] = process.argv.slice(2);
const report = (message: { sent?: number; answers?: number; done?: boolean }) => process.send?.(message);

const ws = new WebSocket(`${url!.replace("http", "ws")}/api/1.48.0/sync`, { maxPayload: 64 * MiB });
let answers = 0;
ws.on("message", (data) => {
  if (data.toString().startsWith('{"type":"Ping"')) return;
  answers += 1;
  report({ answers });
});
ws.on("error", () => undefined);
process.on("message", (message) => {
  if (message !== "close") return;
  ws.once("close", () => process.exit(0));
  ws.close();
});
await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
ws.send(JSON.stringify({ type: "Connect", sessionId: randomUUID(), connectionCount: 0, lastCloseReason: null, clientTs: Date.now() }));
const huge = "/".padEnd(Number(mib) * MiB, "x");
report({ sent: 0 });
for (let i = 1; i <= Number(count); i++) {
  const add = { type: "Add", queryId: i, udfPath: "presence:readers", args: [{ path: `${huge}${i}` }] };
  ws.send(JSON.stringify({ type: "ModifyQuerySet", baseVersion: i - 1, newVersion: i, modifications: [add] }));
  while (ws.bufferedAmount > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  report({ sent: i });
}
report({ done: true });
