// An HTTP client with the admin key, which may call internal functions.
// ConvexHttpClient supports this (`setAdminAuth`), but its public types hide
// the method and accept only public function references.
import { ConvexHttpClient } from "convex/browser";
import type { FunctionReference, FunctionReturnType, OptionalRestArgs } from "convex/server";

type AnyVisibility = "public" | "internal";

export interface AdminHttpClient {
  query<F extends FunctionReference<"query", AnyVisibility>>(fn: F, ...args: OptionalRestArgs<F>): Promise<FunctionReturnType<F>>;
  mutation<F extends FunctionReference<"mutation", AnyVisibility>>(fn: F, ...args: OptionalRestArgs<F>): Promise<FunctionReturnType<F>>;
  action<F extends FunctionReference<"action", AnyVisibility>>(fn: F, ...args: OptionalRestArgs<F>): Promise<FunctionReturnType<F>>;
}

/** `url`: the deployment (or local backend) URL; `adminKey`: e.g. `readAdminKey()`. */
export function adminHttpClient(url: string, adminKey: string): AdminHttpClient {
  const client = new ConvexHttpClient(url);
  (client as unknown as { setAdminAuth(key: string): void }).setAdminAuth(adminKey);
  // The visibility only exists in the types; the wire format is the same.
  const asPublic = <F>(fn: F) => fn as unknown as FunctionReference<never>;
  return {
    query: (fn, ...args) => client.query(asPublic(fn) as FunctionReference<"query">, ...(args as [])) as never,
    mutation: (fn, ...args) => client.mutation(asPublic(fn) as FunctionReference<"mutation">, ...(args as [])) as never,
    action: (fn, ...args) => client.action(asPublic(fn) as FunctionReference<"action">, ...(args as [])) as never,
  };
}
