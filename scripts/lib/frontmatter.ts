import { VFile } from "vfile";
import { matter } from "vfile-matter";
import { z } from "zod";
import { MAX_ALIASES_PER_POST } from "../../convex/constants";
import { isAbsoluteRef } from "../../convex/feeds";
import { contentSlugProblem, tagListProblem } from "../../convex/slugs";
import { PUBLISH_AT_PATTERN } from "./publishAt";

/** One reason a file cannot be synced; `field` names the frontmatter key. */
export interface Problem {
  file: string;
  field: string;
  message: string;
}

export function formatProblem({ file, field, message }: Problem): string {
  return `${file}: ${field}: ${message}`;
}

function typed<T extends z.ZodType>(schema: (error: (issue: { input: unknown }) => string) => T, what: string) {
  return schema((issue) => (issue.input === undefined ? "is required" : `must be ${what}, got ${describe(issue.input)}`));
}

function describe(value: unknown): string {
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return "a nested mapping";
  return `${typeof value} ${String(value)}`;
}

const text = () => typed((error) => z.string({ error }), "text").trim().min(1, "must not be empty");

/** A calendar date that exists (no 2025-02-30), written YYYY-MM-DD. */
export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const date = () =>
  typed((error) => z.string({ error }), "a date written YYYY-MM-DD").superRefine((value, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      ctx.addIssue({ code: "custom", message: `must be a date written YYYY-MM-DD, got ${describe(value)}` });
    } else if (!isRealDate(value)) {
      ctx.addIssue({ code: "custom", message: `is not a real calendar date, got ${describe(value)}` });
    }
  });

const slug = () =>
  typed((error) => z.string({ error }), "text").superRefine((value, ctx) => {
    const problem = contentSlugProblem(value);
    if (problem === null) return;
    // Reserved-slug messages already quote the slug.
    const message = problem.startsWith('"') ? problem : `${problem}, got ${JSON.stringify(value)}`;
    ctx.addIssue({ code: "custom", message });
  });

const publishAt = () =>
  typed((error) => z.string({ error }), "a time written YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS").superRefine((value, ctx) => {
    const match = PUBLISH_AT_PATTERN.exec(value);
    const real = match !== null && isRealDate(value.slice(0, 10)) && Number(match[4]) < 24 && Number(match[5]) < 60 && Number(match[6] ?? 0) < 60;
    if (!real) ctx.addIssue({ code: "custom", message: `must be a time written YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS (in the site's time zone), got ${describe(value)}` });
  });

const published = () => typed((error) => z.boolean({ error }), "true or false");

/** Why an image reference is not allowed, or null: only files this site serves. */
function imageRefProblem(ref: string): string | null {
  if (ref.startsWith("/") && !ref.startsWith("//")) return null;
  return isAbsoluteRef(ref)
    ? "must be a file on this site, such as /images/cover.png: an image from another server would send every reader's address to it"
    : "must be a site path starting with /, such as /images/cover.png";
}

const imageRef = () =>
  text().superRefine((value, ctx) => {
    const problem = imageRefProblem(value);
    if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
  });

export const postFrontmatter = z.strictObject({
  title: text(),
  description: text(),
  date: date(),
  slug: slug(),
  published: published(),
  tags: typed((error) => z.array(text(), { error }), "a list of tags").superRefine((tags, ctx) => {
    const problem = tagListProblem(tags);
    if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
  }),
  readTime: text().optional(),
  image: imageRef().optional(),
  publishAt: publishAt().optional(),
  /** Slugs the post had before: old links redirect here, and their views count as this post's. */
  aliases: typed((error) => z.array(slug(), { error }), "a list of old slugs")
    .superRefine((aliases, ctx) => {
      if (aliases.length > MAX_ALIASES_PER_POST) ctx.addIssue({ code: "custom", message: `must list at most ${MAX_ALIASES_PER_POST} old slugs` });
      if (new Set(aliases).size !== aliases.length) ctx.addIssue({ code: "custom", message: "must not list a slug twice" });
    })
    .optional(),
});
export type PostFrontmatter = z.infer<typeof postFrontmatter>;

export const pageFrontmatter = z.strictObject({
  title: text(),
  slug: slug(),
  published: published(),
  order: typed((error) => z.number({ error }), "a number").optional(),
});
export type PageFrontmatter = z.infer<typeof pageFrontmatter>;

export type ParseResult<T> = { ok: true; data: T; body: string } | { ok: false; problems: Problem[] };

/** Splits YAML frontmatter from the markdown body and checks it against `schema`. */
export function parseFrontmatter<T>(file: string, source: string, schema: z.ZodType<T>): ParseResult<T> {
  const vfile = new VFile({ value: source });
  try {
    matter(vfile, { strip: true });
  } catch (error) {
    return { ok: false, problems: [{ file, field: "frontmatter", message: yamlProblem(error) }] };
  }
  if (!/^---\r?\n/.test(source)) {
    return { ok: false, problems: [{ file, field: "frontmatter", message: "is missing: start the file with a --- block" }] };
  }
  const raw: unknown = vfile.data.matter;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: [{ file, field: "frontmatter", message: "must be a mapping of field: value lines" }] };
  }
  const result = schema.safeParse(raw);
  if (!result.success) return { ok: false, problems: result.error.issues.flatMap((issue) => toProblems(file, issue)) };
  return { ok: true, data: result.data, body: String(vfile.value).replace(/^\s*\n/, "") };
}

function yamlProblem(error: unknown): string {
  if (!(error instanceof Error)) return `is not valid YAML: ${String(error)}`;
  const reason = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
  const position = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
  // The YAML parser counts from the first line after the opening ---.
  const where = position ? ` (line ${position.line + 1}, column ${position.col})` : "";
  return `is not valid YAML${where}: ${reason}`;
}

function toProblems(file: string, issue: z.core.$ZodIssue): Problem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ file, field: key, message: "is not a known field" }));
  }
  const field = issue.path.map(String).join(".") || "frontmatter";
  return [{ file, field, message: issue.message }];
}
