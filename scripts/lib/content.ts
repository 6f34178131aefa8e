import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { MAX_SYNC_PAGES, MAX_SYNC_POSTS } from "../../convex/constants";
import { publishInstant } from "./publishAt";
import type { Page, Post } from "../../convex/validators";
import { pageFrontmatter, parseFrontmatter, postFrontmatter, type Problem } from "./frontmatter";
import { type ImageSizer, imageSizer } from "./imageSizes";
import { readTime } from "./readTime";
import { RENDERER_VERSION, renderDocument, type Rendered } from "./render";

/** Convex rejects documents over 1 MiB; leave room for the other fields. */
export const MAX_DOCUMENT_BYTES = 900 * 1024;

export interface LoadedContent {
  posts: Post[];
  pages: Page[];
  problems: Problem[];
}

interface SourceFile {
  /** As shown to the author: relative to the working directory. */
  file: string;
  source: string;
}

export function contentHash(source: string, rendererVersion = RENDERER_VERSION): string {
  return createHash("sha256").update(`renderer ${rendererVersion}\n`).update(source).digest("hex");
}

async function readMarkdownDir(dir: string, problems: Problem[]): Promise<SourceFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    // A missing folder is an error rather than "no documents": syncing from
    // the wrong directory would otherwise delete everything.
    problems.push({ file: shown(dir), field: "folder", message: "not found (run the sync from the project root)" });
    return [];
  }
  const files = names.filter((name) => name.endsWith(".md")).sort();
  return Promise.all(
    files.map(async (name) => {
      const full = path.join(dir, name);
      return { file: shown(full), source: await readFile(full, "utf8") };
    }),
  );
}

function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

function bodyProblems(file: string, body: string, { html, remoteImages }: Rendered): Problem[] {
  if (body.trim() === "") return [{ file, field: "body", message: "is empty: write the text below the frontmatter" }];
  if (remoteImages.length > 0) {
    const list = remoteImages.map((src) => JSON.stringify(src)).join(", ");
    return [{ file, field: "body", message: `loads images from another server (${list}): put them under public/images/ and link /images/…, so readers' browsers ask no one else` }];
  }
  const bytes = Buffer.byteLength(body) + Buffer.byteLength(html);
  if (bytes > MAX_DOCUMENT_BYTES) {
    return [{ file, field: "body", message: `is too large (${Math.round(bytes / 1024)} KB with its HTML; at most ${MAX_DOCUMENT_BYTES / 1024} KB)` }];
  }
  return [];
}

/** `timeZone` is the site's (SITE_TIME_ZONE): a post's `date` and `publishAt` are read there. */
export function parsePost({ file, source }: SourceFile, sizeOf?: ImageSizer, timeZone = "UTC"): { post?: Post; problems: Problem[] } {
  const parsed = parseFrontmatter(file, source, postFrontmatter);
  if (!parsed.ok) return { problems: parsed.problems };
  const { data, body } = parsed;
  const rendered = renderDocument(body, sizeOf);
  const problems = bodyProblems(file, body, rendered);
  if (problems.length > 0) return { problems };
  const { html } = rendered;
  const post: Post = {
    slug: data.slug,
    title: data.title,
    description: data.description,
    date: data.date,
    published: data.published,
    tags: data.tags,
    readTime: data.readTime ?? readTime(body),
    content: body,
    html,
    publishAt: publishInstant(timeZone, data.date, data.publishAt),
    contentHash: contentHash(source),
  };
  if (data.aliases !== undefined && data.aliases.length > 0) post.aliases = data.aliases;
  if (data.image !== undefined) {
    post.image = data.image;
    const size = sizeOf?.(data.image);
    if (size) {
      post.imageWidth = size.width;
      post.imageHeight = size.height;
    }
  }
  return { post, problems };
}

export function parsePage({ file, source }: SourceFile, sizeOf?: ImageSizer): { page?: Page; problems: Problem[] } {
  const parsed = parseFrontmatter(file, source, pageFrontmatter);
  if (!parsed.ok) return { problems: parsed.problems };
  const { data, body } = parsed;
  const rendered = renderDocument(body, sizeOf);
  const problems = bodyProblems(file, body, rendered);
  if (problems.length > 0) return { problems };
  const { html } = rendered;
  const page: Page = {
    slug: data.slug,
    title: data.title,
    published: data.published,
    content: body,
    html,
    contentHash: contentHash(source),
  };
  if (data.order !== undefined) page.order = data.order;
  return { page, problems };
}

/**
 * Reads and checks every file under `root/blog` and `root/pages`. Callers
 * write nothing unless `problems` is empty. Image sizes come from
 * `publicDir`, the folder the site serves (by default `public/` beside `root`).
 */
export async function loadContent(root: string, publicDir = path.join(root, "..", "public"), timeZone = "UTC"): Promise<LoadedContent> {
  const sizeOf = imageSizer(publicDir);
  const problems: Problem[] = [];
  const postFiles = await readMarkdownDir(path.join(root, "blog"), problems);
  const pageFiles = await readMarkdownDir(path.join(root, "pages"), problems);

  const posts: Post[] = [];
  const pages: Page[] = [];
  const slugOwners = new Map<string, string>();
  const claim = (file: string, slug: string) => {
    const owner = slugOwners.get(slug);
    if (owner !== undefined) {
      problems.push({ file, field: "slug", message: `"${slug}" is already used by ${owner}` });
      return false;
    }
    slugOwners.set(slug, file);
    return true;
  };

  for (const source of postFiles) {
    const result = parsePost(source, sizeOf, timeZone);
    problems.push(...result.problems);
    if (result.post && claim(source.file, result.post.slug)) posts.push(result.post);
  }
  for (const source of pageFiles) {
    const result = parsePage(source, sizeOf);
    problems.push(...result.problems);
    if (result.page && claim(source.file, result.page.slug)) pages.push(result.page);
  }

  // An old slug (aliases:) must lead to one place and never shadow a live slug.
  for (const post of posts) {
    const file = slugOwners.get(post.slug)!;
    for (const alias of post.aliases ?? []) {
      const owner = slugOwners.get(alias);
      if (owner !== undefined) problems.push({ file, field: "aliases", message: `"${alias}" is already used by ${owner}` });
      else slugOwners.set(alias, file);
    }
  }

  if (postFiles.length > MAX_SYNC_POSTS) {
    problems.push({ file: shown(path.join(root, "blog")), field: "folder", message: `holds ${postFiles.length} posts; at most ${MAX_SYNC_POSTS} can be synced` });
  }
  if (pageFiles.length > MAX_SYNC_PAGES) {
    problems.push({ file: shown(path.join(root, "pages")), field: "folder", message: `holds ${pageFiles.length} pages; at most ${MAX_SYNC_PAGES} can be synced` });
  }
  return { posts, pages, problems };
}
