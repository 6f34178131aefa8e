import { ConvexError } from "convex/values";

/** The dashboard queries refuse with this code in private mode when the key is missing or wrong. */
export const PRIVATE_CODE = "PRIVATE";

export function isPrivateError(error: unknown): boolean {
  if (!(error instanceof ConvexError)) return false;
  const data: unknown = error.data;
  return typeof data === "object" && data !== null && "code" in data && data.code === PRIVATE_CODE;
}
