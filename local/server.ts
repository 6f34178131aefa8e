// One port for everything: the sync WebSocket, the HTTP function API, and the
// HTTP actions of convex/http.ts for every other path.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import type { Executor } from "./executor.ts";
import { handleFunctionApi, isFunctionApiPath, readBody } from "./httpApi.ts";
import type { Logger } from "./logger.ts";
import { describeError } from "./modules.ts";
import type { SyncHub } from "./sync.ts";

const SYNC_PATH = /^\/api\/[^/]+\/sync$/;
export const STATUS_PATH = "/_local/status";

export interface ServerContext {
  executor: Executor;
  hub: SyncHub;
  adminKey: string;
  logger: Logger;
  status: () => Record<string, unknown>;
}

async function proxyToHttpAction(req: IncomingMessage, res: ServerResponse, executor: Executor) {
  const method = req.method ?? "GET";
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const body = method === "GET" || method === "HEAD" ? undefined : new Uint8Array(await readBody(req));
  const response = await executor.fetch(req.url ?? "/", { method, headers, body });
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    out[name] = name === "set-cookie" ? response.headers.getSetCookie() : value;
  });
  res.writeHead(response.status, out);
  res.end(method === "HEAD" ? undefined : Buffer.from(await response.arrayBuffer()));
}

export interface BackendServer {
  server: Server;
  /** Drops every sync socket (they are not tracked by `server.close()`). */
  terminateClients(): void;
}

export function createBackendServer(context: ServerContext): BackendServer {
  const { executor, hub, adminKey, logger } = context;
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://local").pathname;
    const handle = async () => {
      if (pathname === STATUS_PATH) {
        res.writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" });
        res.end(JSON.stringify(context.status()));
      } else if (isFunctionApiPath(pathname)) {
        await handleFunctionApi(req, res, pathname, executor, adminKey);
      } else {
        await proxyToHttpAction(req, res, executor);
      }
    };
    handle().catch((error: unknown) => {
      logger.error(`${req.method} ${req.url} failed: ${describeError(error)}`);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end("Internal Server Error");
    });
  });

  const sockets = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    const pathname = new URL(req.url ?? "/", "http://local").pathname;
    if (!SYNC_PATH.test(pathname)) {
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });
  const attach = (ws: WebSocket) => {
    const session = hub.open({ send: (m) => ws.send(m), isOpen: () => ws.readyState === ws.OPEN });
    ws.on("message", (data) => {
      try {
        session.handle(data.toString());
      } catch (error) {
        logger.error(`Client message failed: ${describeError(error)}`);
      }
    });
    ws.on("close", () => session.close());
    // A client that drops mid-frame must not take the backend down.
    ws.on("error", (error) => logger.warn(`Client socket error: ${error.message}`));
  };
  server.on("clientError", (_error, socket) => socket.destroy());
  return {
    server,
    terminateClients() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
    },
  };
}
