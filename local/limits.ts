// What one client may send and hold. Sizes follow Convex's documented limits
// (function arguments up to 16 MiB); counts keep one connection from holding
// the others up.

const MiB = 1024 * 1024;

/** Largest arguments of one call, as JSON bytes. */
export const MAX_ARGS_BYTES = 16 * MiB;
/** Largest WebSocket frame: a call's arguments plus the message around them. */
export const MAX_FRAME_BYTES = MAX_ARGS_BYTES + 64 * 1024;
/** Mutations and actions one connection may have waiting or running. */
export const MAX_REQUESTS_IN_FLIGHT = 1000;
/** Queries one connection may hold subscribed. */
export const MAX_SUBSCRIPTIONS = 1000;
/** JSON bytes of arguments all of one connection's subscriptions may hold together. */
export const MAX_SUBSCRIPTION_ARGS_BYTES = 16 * MiB;
/**
 * Subscriptions one connection may add or remove per second, and at once. A
 * page load or a reconnect re-adding every query (at most MAX_SUBSCRIPTIONS)
 * fits in the burst.
 */
export const MAX_QUERY_SET_CHANGES_PER_SECOND = 1000;
export const MAX_QUERY_SET_CHANGES_BURST = 2000;
/**
 * Frame bytes one connection may send per second; one largest frame passes at
 * once. Parsing a 15 MiB frame holds the process for a few hundred
 * milliseconds on a loaded machine (at 16 MiB a second, another client's
 * writes were 20x slower), so the steady rate is low.
 */
export const MAX_FRAME_BYTES_PER_SECOND = 2 * MiB;
/** Bytes of HTTP request bodies being received at once, over all connections. */
export const MAX_BODY_BYTES_IN_FLIGHT = 64 * MiB;
/** A request body that sends nothing for this long is cut off. */
export const BODY_IDLE_TIMEOUT_MS = 10_000;
/** Convex session ids are UUIDs; anything far longer is refused. */
export const MAX_SESSION_ID_LENGTH = 64;
/** Longest `module:function` path (also what error messages may echo back). */
export const MAX_UDF_PATH_LENGTH = 512;
/** Client-supplied text in a log line is cut to this. */
export const MAX_LOGGED_TEXT = 200;

/** Cuts client-supplied text before it is logged. */
export function clip(text: string, max = MAX_LOGGED_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** Why these arguments are refused, or null. */
export function argsProblem(udfPath: string, args: unknown): string | null {
  const bytes = Buffer.byteLength(JSON.stringify(args) ?? "", "utf8");
  return bytes <= MAX_ARGS_BYTES ? null : argsSizeProblem(udfPath, bytes);
}

export function argsSizeProblem(udfPath: string, bytes: number): string {
  return `The arguments to ${clip(udfPath)} are ${bytes} bytes; the limit is ${MAX_ARGS_BYTES} bytes (16 MiB).`;
}
