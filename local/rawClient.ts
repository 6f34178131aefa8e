// A raw sync-protocol client for tests: every frame the server sends is kept,
// so a test can tell exactly which messages a socket was sent.
import WebSocket from "ws";

export type Frame = { type: string; [key: string]: unknown };

export interface RawClient {
  ws: WebSocket;
  frames: Frame[];
  /** Sends a ModifyQuerySet moving the query set from version n to n + 1. */
  modify(modifications: unknown[]): void;
  /** Resolves with the first kept frame matching, removing it and every frame before it. */
  next(test: (frame: Frame) => boolean): Promise<Frame>;
  close(): Promise<void>;
}

export async function rawClient(url: string, sessionId = crypto.randomUUID()): Promise<RawClient> {
  const ws = new WebSocket(`${url.replace("http", "ws")}/api/1.48.0/sync`);
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  ws.on("message", (data) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise((resolve) => ws.once("open", resolve));
  ws.send(JSON.stringify({ type: "Connect", sessionId, connectionCount: 0, lastCloseReason: null, clientTs: Date.now() }));
  let version = 0;
  return {
    ws,
    frames,
    modify(modifications) {
      ws.send(JSON.stringify({ type: "ModifyQuerySet", baseVersion: version, newVersion: version + 1, modifications }));
      version += 1;
    },
    async next(test) {
      for (;;) {
        const index = frames.findIndex(test);
        if (index !== -1) return frames.splice(0, index + 1).at(-1)!;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    async close() {
      if (ws.readyState === ws.CLOSED) return;
      const closed = new Promise((resolve) => ws.once("close", resolve));
      ws.close();
      await closed;
    },
  };
}

/** The QueryUpdated / QueryFailed modifications of a Transition frame. */
export function updatesOf(frame: Frame): Array<{ type: string; queryId: number; value?: unknown; errorData?: unknown }> {
  return (frame.modifications as Array<{ type: string; queryId: number }>).filter((m) => m.type !== "QueryRemoved");
}
