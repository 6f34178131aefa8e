import path from "node:path";
import { parseArgs } from "node:util";
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

if (values.help) {
  console.log(USAGE);
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
