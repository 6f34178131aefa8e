import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { REPO_ROOT } from "../../local/config.ts";
import { BACKEND_DATA_DIR, BACKEND_PORT } from "./stack.ts";

const run = promisify(execFile);

/** The real command, pointed at the end-to-end stack's backend the way `npm run dev` points it at its own. */
export async function npmRunSync(dir: string): Promise<string> {
  const { stdout } = await run("npm", ["run", "sync", "--", "--dir", dir], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOCAL_BACKEND_PORT: String(BACKEND_PORT), LOCAL_BACKEND_DIR: BACKEND_DATA_DIR },
  });
  return stdout;
}
