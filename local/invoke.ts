// Runs one query, mutation or action on one generation: finds it, checks who
// may call it and how, decodes the arguments, and encodes the answer.
import { makeFunctionReference } from "convex/server";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { Generation } from "./generation.ts";
import { canonicalUdfPath, lookupFunction, type FunctionKind } from "./modules.ts";
import { errorOutcome, fail, type Outcome } from "./outcome.ts";

/** A call refused because the instance it ran on was replaced by a reload. */
export class ReplacedError extends Error {
  constructor(closed: boolean) {
    super(
      closed
        ? "The local backend is shutting down; this call was refused."
        : "The Convex functions were reloaded while this call was running; " +
            "queries and mutations it started after the reload were refused and not committed.",
    );
    this.name = "ReplacedError";
  }
}

export const cutOffMessage = (what: string) =>
  `${what} was still running when the Convex functions were reloaded: the queries and mutations it called ` +
  `after that were refused, and nothing it wrote after the reload was committed. Call it again.`;

/** Returned when a refused query or mutation should run again on the new instance. */
export const RERUN = Symbol("rerun");

const KIND_LABEL: Record<FunctionKind, string> = { query: "Query", mutation: "Mutation", action: "Action" };

export async function invoke(
  generation: Generation,
  kind: FunctionKind | "any",
  udfPath: string,
  argsJson: JSONValue,
  options: { admin: boolean; closing: boolean },
): Promise<Outcome | typeof RERUN> {
  const { t, modules, loadError } = generation;
  if (loadError !== null || modules === null) return fail(`Convex functions failed to load:\n${loadError}`);
  const path = canonicalUdfPath(udfPath);
  const info = lookupFunction(modules, path);
  if (info === null || (info.visibility === "internal" && !options.admin)) {
    return fail(`Could not find ${options.admin ? "" : "public "}function for '${path}'.`);
  }
  if (kind !== "any" && info.kind !== kind) {
    return fail(`Trying to execute ${path} as ${KIND_LABEL[kind]}, but it is defined as ${KIND_LABEL[info.kind]}.`);
  }
  try {
    const args = jsonToConvex(argsJson);
    if (typeof args !== "object" || args === null || Array.isArray(args) || args instanceof ArrayBuffer) {
      return fail(`The arguments to ${path} must be an object.`);
    }
    let value: Value;
    if (info.kind === "query") value = await t.query(makeFunctionReference<"query">(path), args);
    else if (info.kind === "mutation") value = await t.mutation(makeFunctionReference<"mutation">(path), args);
    else value = await t.action(makeFunctionReference<"action">(path), args);
    return { status: "success", value: convexToJson(value === undefined ? null : value) };
  } catch (error) {
    // A query or mutation refused by a replaced instance ran nothing (or was rolled back).
    if (error instanceof ReplacedError && info.kind !== "action" && !options.closing) return RERUN;
    return errorOutcome(error);
  }
}
