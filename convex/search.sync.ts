import type { WithoutSystemFields } from "convex/server";
import type { DatabaseWriter } from "./_generated/server";
import type { Doc, Id } from "./_generated/dataModel";
import { distinctWords, headingsOf, htmlToText } from "./search.text";
import type { Body, Page, Post } from "./validators";

// What the sync derives for search: one small `searchEntries` row per post or
// page, staged with its generation by content.derived.ts; kept here so the
// sync's own structure can change without touching search.

type Entry = Omit<WithoutSystemFields<Doc<"searchEntries">>, "generation">;
type Source<R, I> = { ownerId: I; row: R; body: Body };
type PostSource = Source<Omit<Post, keyof Body>, Id<"posts">>;
type PageSource = Source<Omit<Page, keyof Body>, Id<"pages">>;

/** The entry a post or page implies. Drafts get one too, hidden, so a scheduled post only flips `visible`. */
export function entryOf(source: { kind: "post"; from: PostSource } | { kind: "page"; from: PageSource }): Entry {
  const { ownerId, row, body } = source.from;
  const entry: Entry = {
    ownerId,
    kind: source.kind,
    slug: row.slug,
    title: row.title,
    description: source.kind === "post" ? source.from.row.description : "",
    tags: source.kind === "post" ? source.from.row.tags : [],
    headings: headingsOf(body.html),
    words: distinctWords(htmlToText(body.html)).join(" "),
    visible: row.published,
  };
  if (source.kind === "post") entry.date = source.from.row.date;
  return entry;
}

/** A scheduled post just went live: its entry joins the index. */
export async function showSearchEntry(db: DatabaseWriter, ownerId: Id<"posts">): Promise<void> {
  const entries = await db
    .query("searchEntries")
    .withIndex("by_ownerId", (q) => q.eq("ownerId", ownerId))
    .take(10);
  for (const entry of entries) if (!entry.visible) await db.patch("searchEntries", entry._id, { visible: true });
}
