import path from "node:path";
import { parseArgs } from "node:util";
import goals from "../goals.config";
import { checkGoals, GoalConfigError } from "../convex/goals.check";
import { runSync } from "./lib/sync";

const USAGE = `Usage: npm run sync [-- --dry-run] [-- --dir <content folder>]
       npm run sync:prod [-- --dry-run]

Checks every markdown file under content/blog and content/pages, then makes
the deployment's posts and pages match them: sent in batches, switched over
to in one transaction, so readers never see half a sync.
  --prod      target production (.env.production.local)
  --dry-run   check and report what would change, write nothing
  --dir       content folder holding blog/ and pages/ (default: content)`;

const { values } = parseArgs({
  options: {
    prod: { type: "boolean", default: false },
    "dry-run": { type: "boolean", default: false },
    dir: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

/** A bad goals.config.ts stops the sync before anything is sent (Convex would refuse it at deploy too). */
function goalsProblem(): string | null {
  try {
    checkGoals(goals);
    return null;
  } catch (error) {
    if (error instanceof GoalConfigError) return error.message;
    throw error;
  }
}

const goalError = values.help ? null : goalsProblem();
if (values.help) {
  console.log(USAGE);
} else if (goalError !== null) {
  console.error(goalError);
  process.exitCode = 1;
} else {
  const cwd = process.cwd();
  process.exitCode = await runSync({
    root: path.resolve(cwd, values.dir ?? "content"),
    prod: values.prod,
    dryRun: values["dry-run"],
    env: process.env,
    cwd,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
}
