// What a function call returns to a client, success or error, in the shape
// both the HTTP API and the sync protocol send.
import { convexToJson, type JSONValue, type Value } from "convex/values";

export type Outcome =
  | { status: "success"; value: JSONValue }
  | { status: "error"; errorMessage: string; errorData?: JSONValue };

function isConvexError(error: unknown): error is Error & { data: Value } {
  return typeof error === "object" && error !== null && Symbol.for("ConvexError") in error;
}

export function errorOutcome(error: unknown): Outcome {
  if (isConvexError(error)) {
    return { status: "error", errorMessage: `Uncaught ConvexError: ${error.message}`, errorData: convexToJson(error.data) };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { status: "error", errorMessage: `Uncaught ${message}` };
}

export const fail = (errorMessage: string): Outcome => ({ status: "error", errorMessage });
