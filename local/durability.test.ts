import { createHash } from "node:crypto";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { afterEach, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { LOG_FILE } from "./storage.ts";
import { FIXTURE_CONVEX_DIR, makeTempDir, spawnBackend, type BackendProcess } from "./testing.ts";
import { api } from "./test-fixtures/convex/_generated/api";

const running: BackendProcess[] = [];
const temps: Array<ReturnType<typeof makeTempDir>> = [];

afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill("SIGKILL");
      await p.exited;
    }
  }
  for (const t of temps.splice(0)) t.remove();
});

function start(dataDir: string) {
  const p = spawnBackend(["--port", "0", "--data-dir", dataDir, "--convex-dir", FIXTURE_CONVEX_DIR, "--no-watch"]);
  running.push(p);
  return p;
}

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("durability across kill -9", () => {
  test("an acknowledged mutation survives SIGKILL with the same _id and _creationTime", { timeout: 30_000 }, async () => {
    const temp = makeTempDir();
    temps.push(temp);
    const first = start(temp.dir);
    const url = await first.ready;
    const http = new ConvexHttpClient(url);
    await http.mutation(api.messages.send, { body: "earlier", author: "k" });
    const earlier = (await http.query(api.messages.list, {})).find((m) => m.body === "earlier");

    const ws = new WebSocket(`${url.replace("http", "ws")}/api/1.48.0/sync`);
    await new Promise((resolve) => ws.once("open", resolve));
    const session = "00000000-0000-4000-8000-0000000000ff";
    ws.send(JSON.stringify({ type: "Connect", sessionId: session, connectionCount: 0, lastCloseReason: null, clientTs: 0 }));
    const send = JSON.stringify({ type: "Mutation", requestId: 3, udfPath: "messages:send", args: [{ body: "durable", author: "k" }] });
    const answered = new Promise<Record<string, unknown>>((resolve) =>
      ws.on("message", (data) => {
        const frame = JSON.parse(data.toString()) as Record<string, unknown>;
        if (frame.type === "MutationResponse") resolve(frame);
      }),
    );
    ws.send(send);
    const answer = await answered;
    // Kill the moment the acknowledgement arrives: nothing gets a chance to flush later.
    first.child.kill("SIGKILL");
    ws.terminate();
    await first.exited;
    expect(answer.success).toBe(true);

    const second = start(temp.dir);
    const url2 = await second.ready;
    const messages = await new ConvexHttpClient(url2).query(api.messages.list, {});
    const durable = messages.find((m) => m.body === "durable");
    expect(durable?._id).toBe(answer.result);
    expect(typeof durable?._creationTime).toBe("number");
    expect(messages.find((m) => m.body === "earlier")).toEqual(earlier);

    // The same mutation resent by a reconnecting client gets the first answer.
    const ws2 = new WebSocket(`${url2.replace("http", "ws")}/api/1.48.0/sync`);
    await new Promise((resolve) => ws2.once("open", resolve));
    ws2.send(JSON.stringify({ type: "Connect", sessionId: session, connectionCount: 1, lastCloseReason: null, clientTs: 0 }));
    const resent = new Promise<Record<string, unknown>>((resolve) =>
      ws2.on("message", (data) => {
        const frame = JSON.parse(data.toString()) as Record<string, unknown>;
        if (frame.type === "MutationResponse") resolve(frame);
      }),
    );
    ws2.send(send);
    expect(await resent).toEqual(answer);
    ws2.terminate();

    second.child.kill("SIGKILL");
    await second.exited;
    const third = start(temp.dir);
    const again = await new ConvexHttpClient(await third.ready).query(api.messages.list, {});
    expect(again.filter((m) => m.body === "durable")).toEqual([durable]);
  });
});

describe("a damaged data file", () => {
  test("is reported, exits non-zero, and is left untouched", { timeout: 30_000 }, async () => {
    const temp = makeTempDir();
    temps.push(temp);
    const first = start(temp.dir);
    await new ConvexHttpClient(await first.ready).mutation(api.messages.send, { body: "precious", author: "c" });
    first.child.kill("SIGTERM");
    await first.exited;

    const file = path.join(temp.dir, LOG_FILE);
    const lines = readFileSync(file, "utf8").split("\n");
    // Flip one character inside a committed record, keeping its checksum.
    lines[1] = lines[1]!.replace("precious", "precioUs");
    writeFileSync(file, lines.join("\n"));
    const before = sha(file);

    const second = start(temp.dir);
    await expect(second.ready).rejects.toThrow(/exited \(1\)/);
    expect(second.output()).toMatch(/db\.jsonl cannot be used: line 2: checksum mismatch/);
    expect(second.output()).toMatch(/left untouched/);
    expect(sha(file)).toBe(before);
  });

  test("an incomplete last line from a crash mid-append is moved aside, not fatal", { timeout: 30_000 }, async () => {
    const temp = makeTempDir();
    temps.push(temp);
    const first = start(temp.dir);
    await new ConvexHttpClient(await first.ready).mutation(api.messages.send, { body: "kept", author: "c" });
    first.child.kill("SIGKILL");
    await first.exited;
    appendFileSync(path.join(temp.dir, LOG_FILE), '0badc0de {"t":"commit","ts":"1"');

    const second = start(temp.dir);
    const messages = await new ConvexHttpClient(await second.ready).query(api.messages.list, {});
    expect(messages.map((m) => m.body)).toContain("kept");
    expect(second.output()).toMatch(/incomplete record .* moved it to .*torn-/);
  });
});
