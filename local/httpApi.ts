// Convex's HTTP function API, as ConvexHttpClient 1.48 calls it:
// POST /api/{query,mutation,action,function} with
// `{ path, format: "convex_encoded_json", args }`.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { JSONValue } from "convex/values";
import { isAdminAuthorization } from "./adminKey.ts";
import { BodyBudget, BodyError } from "./bodyBudget.ts";
import type { Executor } from "./executor.ts";
import type { Outcome } from "./outcome.ts";
import { argsProblem, MAX_UDF_PATH_LENGTH } from "./limits.ts";
import type { FunctionKind } from "./modules.ts";
import { encodeTs } from "./protocol.ts";

/** HTTP status ConvexHttpClient reads as "the function failed". */
const STATUS_UDF_FAILED = 560;
const MAX_BODY_BYTES = 20 * 1024 * 1024;

const ROUTES: Record<string, FunctionKind | "any" | "ts"> = {
  "/api/query": "query",
  "/api/query_at_ts": "query",
  "/api/mutation": "mutation",
  "/api/action": "action",
  "/api/function": "any",
  "/api/query_ts": "ts",
};

export const isFunctionApiPath = (pathname: string) => pathname in ROUTES;

// The allowed origin itself is echoed (server.ts has refused all others).
// No Authorization header from pages: the admin key is for local tools only.
const CORS_HEADERS = {
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type, Convex-Client",
  "Access-Control-Max-Age": "86400",
  Vary: "Origin",
};

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { ...CORS_HEADERS, "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Reads a request body within the shared budget; on refusal, answers (closing the connection) and returns null. */
export async function readBody(req: IncomingMessage, res: ServerResponse, budget: BodyBudget, limit = MAX_BODY_BYTES): Promise<Buffer | null> {
  try {
    return await budget.read(req, limit);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    res.setHeader("Connection", "close");
    sendJson(res, error.status, { code: "BadRequest", message: error.message });
    return null;
  }
}

interface Call {
  path: string;
  args: JSONValue;
}

function parseCall(body: Buffer, kind: FunctionKind | "any"): Call | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return "The request body is not JSON.";
  }
  if (typeof parsed !== "object" || parsed === null) return "The request body must be an object.";
  const { path, args, format } = parsed as { path?: unknown; args?: unknown; format?: unknown };
  if (typeof path !== "string") return "Missing the function `path`.";
  if (path.length > MAX_UDF_PATH_LENGTH) return `The function path is ${path.length} characters; the limit is ${MAX_UDF_PATH_LENGTH}.`;
  if (format !== undefined && format !== "convex_encoded_json" && format !== "json") return `Unsupported format ${String(format)}.`;
  // /api/function takes the arguments object itself; the others a one-element array.
  if (kind === "any") return { path, args: (args ?? {}) as JSONValue };
  if (args === undefined) return { path, args: {} };
  if (!Array.isArray(args) || args.length !== 1) return "`args` must be an array holding one object.";
  return { path, args: args[0] as JSONValue };
}

const toBody = (outcome: Outcome) =>
  outcome.status === "success"
    ? { status: "success", value: outcome.value, logLines: [] }
    : { status: "error", errorMessage: outcome.errorMessage, errorData: outcome.errorData, logLines: [] };

export async function handleFunctionApi(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  executor: Executor,
  adminKey: string,
  budget: BodyBudget,
): Promise<void> {
  if (req.headers.origin !== undefined) res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
  if (req.method === "OPTIONS") {
    res.writeHead(204, CORS_HEADERS);
    res.end();
    return;
  }
  if (req.method !== "POST") {
    sendJson(res, 405, { code: "MethodNotAllowed", message: `${pathname} takes POST requests.` });
    return;
  }
  const kind = ROUTES[pathname];
  if (kind === "ts") {
    sendJson(res, 200, { ts: encodeTs(executor.currentTs()) });
    return;
  }
  const authorization = req.headers.authorization;
  const admin = isAdminAuthorization(authorization, adminKey);
  if (!admin && authorization !== undefined) {
    const message = authorization.startsWith("Convex ")
      ? "The provided admin key is not valid for this local backend."
      : "The local backend does not support user authentication.";
    sendJson(res, 401, { code: authorization.startsWith("Convex ") ? "BadAdminKey" : "Unauthenticated", message });
    return;
  }
  const body = await readBody(req, res, budget);
  if (body === null) return;
  const call = parseCall(body, kind ?? "any");
  if (typeof call === "string") {
    sendJson(res, 400, { code: "BadRequest", message: call });
    return;
  }
  const tooBig = argsProblem(call.path, call.args);
  if (tooBig !== null) {
    sendJson(res, 400, { code: "BadRequest", message: tooBig });
    return;
  }
  // One lane per TCP connection: a client's requests on it take turns with everyone else's.
  const outcome = await executor.call(kind ?? "any", call.path, call.args, { admin, lane: req.socket });
  sendJson(res, outcome.status === "success" ? 200 : STATUS_UDF_FAILED, toBody(outcome));
}
