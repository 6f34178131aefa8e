// The subset of Convex's WebSocket sync protocol (client 1.48) the backend speaks.
import type { JSONValue } from "convex/values";
import { clip, MAX_SESSION_ID_LENGTH } from "./limits.ts";

export interface StateVersion {
  querySet: number;
  identity: number;
  /** Unix nanoseconds of the state the query results reflect. */
  ts: bigint;
}

export type ClientMessage =
  | { type: "Connect"; sessionId: string; connectionCount: number; lastCloseReason: string | null }
  | {
      type: "ModifyQuerySet";
      baseVersion: number;
      newVersion: number;
      modifications: Array<{ type: "Add"; queryId: number; udfPath: string; args: JSONValue[] } | { type: "Remove"; queryId: number }>;
    }
  | { type: "Mutation" | "Action"; requestId: number; udfPath: string; args: JSONValue[] }
  | { type: "Authenticate"; baseVersion: number; tokenType: "Admin" | "User" | "None"; value?: string }
  | { type: "Event" };

export type StateModification =
  | { type: "QueryUpdated"; queryId: number; value: JSONValue; logLines: string[]; journal: null }
  | { type: "QueryFailed"; queryId: number; errorMessage: string; errorData?: JSONValue; logLines: string[]; journal: null }
  | { type: "QueryRemoved"; queryId: number };

type EncodedVersion = { querySet: number; identity: number; ts: string };

export type ServerMessage =
  | { type: "Transition"; startVersion: EncodedVersion; endVersion: EncodedVersion; modifications: StateModification[] }
  | { type: "MutationResponse"; requestId: number; success: true; result: JSONValue; ts: string; logLines: string[] }
  | { type: "MutationResponse"; requestId: number; success: false; result: string; errorData?: JSONValue; logLines: string[] }
  | { type: "ActionResponse"; requestId: number; success: true; result: JSONValue; logLines: string[] }
  | { type: "ActionResponse"; requestId: number; success: false; result: string; errorData?: JSONValue; logLines: string[] }
  | { type: "AuthError"; error: string; baseVersion: number; authUpdateAttempted: boolean }
  | { type: "Ping" };

/** A u64 as the client expects it: 8 bytes little-endian, base64 with padding. */
export function encodeTs(ts: bigint): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(ts);
  return bytes.toString("base64");
}

export function decodeTs(encoded: string): bigint {
  return Buffer.from(encoded, "base64").readBigUInt64LE();
}

export const encodeVersion = (v: StateVersion): EncodedVersion => ({
  querySet: v.querySet,
  identity: v.identity,
  ts: encodeTs(v.ts),
});

const MESSAGE_TYPES = new Set(["Connect", "ModifyQuerySet", "Mutation", "Action", "Authenticate", "Event"]);

/** Parses a client frame; anything malformed becomes an Error, never a throw. */
export function parseClientMessage(raw: string): ClientMessage | Error {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return new Error("not JSON");
  }
  if (typeof message !== "object" || message === null || !("type" in message) || typeof message.type !== "string") {
    return new Error("no message type");
  }
  if (!MESSAGE_TYPES.has(message.type)) return new Error(`unknown message type ${clip(message.type, 40)}`);
  const m = message as Record<string, unknown>;
  const isInt = (x: unknown) => Number.isInteger(x);
  switch (message.type) {
    case "Connect":
      if (typeof m.sessionId !== "string") return new Error("Connect without sessionId");
      if (m.sessionId.length > MAX_SESSION_ID_LENGTH) {
        return new Error(`Connect with a sessionId of ${m.sessionId.length} characters (at most ${MAX_SESSION_ID_LENGTH})`);
      }
      break;
    case "ModifyQuerySet":
      if (!isInt(m.baseVersion) || !isInt(m.newVersion) || !Array.isArray(m.modifications)) return new Error("bad ModifyQuerySet");
      for (const mod of m.modifications as unknown[]) {
        const x = mod as Record<string, unknown> | null;
        if (typeof x !== "object" || x === null || !isInt(x.queryId)) return new Error("bad query modification");
        if (x.type === "Add" && (typeof x.udfPath !== "string" || !Array.isArray(x.args))) return new Error("bad Add");
        if (x.type !== "Add" && x.type !== "Remove") return new Error("bad query modification type");
      }
      break;
    case "Mutation":
    case "Action":
      if (!isInt(m.requestId) || typeof m.udfPath !== "string" || !Array.isArray(m.args)) return new Error(`bad ${message.type}`);
      break;
    case "Authenticate":
      if (!isInt(m.baseVersion) || !["Admin", "User", "None"].includes(m.tokenType as string)) return new Error("bad Authenticate");
      break;
  }
  return message as ClientMessage;
}
