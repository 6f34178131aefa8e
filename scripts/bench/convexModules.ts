import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const convexDir = fileURLToPath(new URL("../../convex/", import.meta.url));

/** The deployable modules, as convex-test needs them outside vite's import.meta.glob. */
export function convexModules(): Record<string, () => Promise<unknown>> {
  const modules: Record<string, () => Promise<unknown>> = {};
  for (const file of readdirSync(convexDir, { recursive: true, encoding: "utf8" })) {
    const name = file.split("/").pop() ?? "";
    const deployable = file.startsWith("_generated/")
      ? file.endsWith(".js")
      : file.endsWith(".ts") && name.split(".").length === 2;
    if (deployable) modules[`convex/${file}`] = () => import(pathToFileURL(convexDir + file).href);
  }
  return modules;
}
