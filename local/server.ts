// One port for everything: the sync WebSocket, the HTTP function API, and the
// HTTP actions of convex/http.ts for every other path.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { BodyBudget } from "./bodyBudget.ts";
import type { Executor } from "./executor.ts";
import { handleFunctionApi, isFunctionApiPath, readBody } from "./httpApi.ts";
import { clip, MAX_FRAME_BYTES } from "./limits.ts";
import type { Logger } from "./logger.ts";
import { describeError } from "./modules.ts";
import { isAllowedOrigin } from "./origins.ts";
import type { SyncHub } from "./syncHub.ts";

const SYNC_PATH = /^\/api\/[^/]+\/sync$/;
export const STATUS_PATH = "/_local/status";

export interface ServerContext {
  executor: Executor;
  hub: SyncHub;
  adminKey: string;
  logger: Logger;
  /** Browser origins (pages of the site) that may call; see origins.ts. */
  allowedOrigins: ReadonlySet<string>;
  status: () => Record<string, unknown>;
  /** Request bodies being received, over all connections (default: limits.ts). */
  bodyBudget?: BodyBudget;
}

async function proxyToHttpAction(req: IncomingMessage, res: ServerResponse, executor: Executor, budget: BodyBudget) {
  const method = req.method ?? "GET";
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== "GET" && method !== "HEAD") {
    const read = await readBody(req, res, budget);
    if (read === null) return;
    body = new Uint8Array(read);
  }
  const response = await executor.fetch(req.url ?? "/", { method, headers, body }, req.socket);
  // The whole body first: an error while reading it must still be able to
  // become a 500 instead of a 200 with a damaged body.
  const content = method === "HEAD" ? undefined : Buffer.from(await response.arrayBuffer());
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    out[name] = name === "set-cookie" ? response.headers.getSetCookie() : value;
  });
  res.writeHead(response.status, out);
  res.end(content);
}

const LOCAL_HOSTNAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Whether a request's Host header names this machine. A page on another site
 * can point its own host name at 127.0.0.1 (DNS rebinding) and then reach the
 * backend from the browser; such requests carry that other name. Vite's dev
 * proxy rewrites Host to the backend's own (changeOrigin).
 */
export function isLocalHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d{1,5})?$/.exec(host.trim().toLowerCase());
  return match !== null && LOCAL_HOSTNAMES.has(match[1]!);
}

export interface BackendServer {
  server: Server;
  /** Drops every sync socket (they are not tracked by `server.close()`). */
  terminateClients(): void;
}

const FOREIGN_ORIGIN_MESSAGE =
  "Forbidden: the local backend answers only pages of this site (origin not in LOCAL_BACKEND_ALLOWED_ORIGINS).";

export function createBackendServer(context: ServerContext): BackendServer {
  const { executor, hub, adminKey, logger, allowedOrigins } = context;
  const budget = context.bodyBudget ?? new BodyBudget();
  const server = createServer((req, res) => {
    if (!isLocalHost(req.headers.host)) {
      res.writeHead(403, { "Content-Type": "text/plain" });
      res.end("Forbidden: the local backend answers only to 127.0.0.1, localhost and [::1].");
      return;
    }
    if (!isAllowedOrigin(req.headers.origin, allowedOrigins)) {
      res.writeHead(403, { "Content-Type": "text/plain" });
      res.end(FOREIGN_ORIGIN_MESSAGE);
      return;
    }
    const pathname = new URL(req.url ?? "/", "http://local").pathname;
    const handle = async () => {
      if (pathname === STATUS_PATH) {
        // No CORS: it names local folders, and only local tools need it.
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify(context.status()));
      } else if (isFunctionApiPath(pathname)) {
        await handleFunctionApi(req, res, pathname, executor, adminKey, budget);
      } else {
        await proxyToHttpAction(req, res, executor, budget);
      }
    };
    handle().catch((error: unknown) => {
      logger.error(`${clip(req.method ?? "")} ${clip(req.url ?? "")} failed: ${describeError(error)}`);
      if (res.headersSent) {
        // Too late for a 500: cut the response so it cannot pass for a whole one.
        res.destroy();
        return;
      }
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end("Internal Server Error");
    });
  });

  // ws refuses a bigger frame by closing the socket with 1009.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on("upgrade", (req, socket, head) => {
    if (!isLocalHost(req.headers.host) || !isAllowedOrigin(req.headers.origin, allowedOrigins)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    const pathname = new URL(req.url ?? "/", "http://local").pathname;
    if (!SYNC_PATH.test(pathname)) {
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });
  const attach = (ws: WebSocket) => {
    const session = hub.open({
      send: (m) => ws.send(m),
      isOpen: () => ws.readyState === ws.OPEN,
      pause: () => ws.pause(),
      resume: () => ws.resume(),
    });
    // A turn of its own for decoding and handling a frame, after ws has read
    // and unmasked it: with a frame of megabytes the two halves are separate
    // stalls, and other sockets' frames are read in between. Immediates run
    // in order, so a socket's frames are still handled in the order sent.
    ws.on("message", (data) => {
      setImmediate(() => {
        try {
          session.handle(data.toString());
        } catch (error) {
          logger.error(`Client message failed: ${describeError(error)}`);
        }
      });
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
