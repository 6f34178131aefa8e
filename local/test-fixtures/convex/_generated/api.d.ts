/**
 * Generated `api` utility (kept by hand: `npx convex codegen` needs a deployment).
 * @module
 */

import type * as crons from "../crons.js";
import type * as http from "../http.js";
import type * as messages from "../messages.js";
import type * as ticks from "../ticks.js";

import type { ApiFromModules, FilterApi, FunctionReference } from "convex/server";

declare const fullApi: ApiFromModules<{
  crons: typeof crons;
  http: typeof http;
  messages: typeof messages;
  ticks: typeof ticks;
}>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shape codegen emits
export declare const api: FilterApi<typeof fullApi, FunctionReference<any, "public">>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shape codegen emits
export declare const internal: FilterApi<typeof fullApi, FunctionReference<any, "internal">>;
