// Finds and imports the Convex function modules of a `convex/` folder.
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";
import type { SchemaDefinition } from "convex/server";

export type FunctionKind = "query" | "mutation" | "action";
export type Visibility = "public" | "internal";

export interface FunctionInfo {
  kind: FunctionKind;
  visibility: Visibility;
}

type ModuleNamespace = Record<string, unknown>;
// convex-test's module map: path key to a lazy import.
export type ModuleMap = Record<string, () => Promise<ModuleNamespace>>;

export interface LoadedModules {
  /** Module name (`"posts"`, `"dir/file"`) to its exports. */
  byName: Map<string, ModuleNamespace>;
  schema: SchemaDefinition<never, boolean> | undefined;
  convexTestModules: ModuleMap;
  /** Releases the loader hooks of this generation. */
  release(): Promise<void>;
}

const SOURCE_EXTENSIONS = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];

/** The files the Convex bundler would deploy: one dot in the name, not in `_generated`. */
export function listFunctionFiles(convexDir: string): string[] {
  return readdirSync(convexDir, { recursive: true, encoding: "utf8" })
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => !f.split("/").some((part) => part === "node_modules" || part.startsWith(".")))
    .filter((f) => !f.startsWith("_generated/"))
    .filter((f) => SOURCE_EXTENSIONS.includes(path.extname(f)))
    .filter((f) => (f.split("/").pop() ?? "").split(".").length === 2)
    .sort();
}

const moduleName = (file: string) => file.slice(0, -path.extname(file).length);

let generation = 0;

/**
 * Imports every module in a fresh tsx namespace, so an edited file and
 * everything it imports are evaluated anew on reload.
 */
export async function loadModules(convexDir: string): Promise<LoadedModules> {
  generation += 1;
  const api = register({ namespace: `local-backend-${process.pid}-${generation}` });
  try {
    const byName = new Map<string, ModuleNamespace>();
    for (const file of listFunctionFiles(convexDir)) {
      const url = pathToFileURL(path.join(convexDir, file)).href;
      try {
        byName.set(moduleName(file), unwrapCommonJs((await api.import(url, import.meta.url)) as ModuleNamespace));
      } catch (error) {
        throw new Error(`Could not load convex/${file}: ${describeError(error)}`, { cause: error });
      }
    }
    const schemaModule = byName.get("schema");
    byName.delete("schema");
    const schema = schemaModule?.default as SchemaDefinition<never, boolean> | undefined;

    // convex-test finds the functions root through a key containing `_generated`.
    const convexTestModules: ModuleMap = {
      "./_generated/api.js": () => Promise.resolve({}),
    };
    for (const [name, mod] of byName) {
      convexTestModules[`./${name}.ts`] = () => Promise.resolve(mod);
    }
    return { byName, schema, convexTestModules, release: () => api.unregister() };
  } catch (error) {
    await api.unregister();
    throw error;
  }
}

// Outside a `"type": "module"` package, TypeScript files load as CommonJS and
// their exports arrive wrapped in `default`.
function unwrapCommonJs(mod: ModuleNamespace): ModuleNamespace {
  const inner = mod.default as ModuleNamespace | undefined;
  return typeof inner === "object" && inner !== null && inner.__esModule === true ? inner : mod;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** `"dir/file:name"` (as clients send it, maybe with `.js` or no export) to its parts. */
export function parseUdfPath(udfPath: string): { module: string; exportName: string } {
  const colon = udfPath.lastIndexOf(":");
  let module = colon === -1 ? udfPath : udfPath.slice(0, colon);
  const exportName = colon === -1 ? "default" : udfPath.slice(colon + 1);
  if (module.endsWith(".js")) module = module.slice(0, -3);
  return { module, exportName };
}

export function canonicalUdfPath(udfPath: string): string {
  const { module, exportName } = parseUdfPath(udfPath);
  return `${module}:${exportName}`;
}

interface RegisteredFunctionFlags {
  isQuery?: unknown;
  isMutation?: unknown;
  isAction?: unknown;
  isPublic?: unknown;
  isInternal?: unknown;
}

/** The kind and visibility of a function, from the flags `query()`, `internalQuery()`... set. */
export function lookupFunction(modules: LoadedModules, udfPath: string): FunctionInfo | null {
  const { module, exportName } = parseUdfPath(udfPath);
  const fn = modules.byName.get(module)?.[exportName];
  if (typeof fn !== "function" && (typeof fn !== "object" || fn === null)) return null;
  const flags = fn as RegisteredFunctionFlags;
  const kind: FunctionKind | null =
    flags.isQuery === true ? "query" : flags.isMutation === true ? "mutation" : flags.isAction === true ? "action" : null;
  if (kind === null) return null;
  const visibility: Visibility | null =
    flags.isPublic === true ? "public" : flags.isInternal === true ? "internal" : null;
  if (visibility === null) return null;
  return { kind, visibility };
}
