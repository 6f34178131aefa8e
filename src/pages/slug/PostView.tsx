import { lazy, Suspense, useMemo } from "react";
import { ogImagePath } from "../../../convex/constants";
import type { PostDetail } from "../../../convex/validators";
import { Article } from "../../components/article/Article";
import { CopyPageMenu } from "../../components/copy-menu/CopyPageMenu";
import { blogPosting } from "../../components/head/blogPosting";
import { useHead } from "../../components/head/useHead";
import { ReadingNow } from "../../components/ReadingNow";
import { PostMeta } from "../../components/PostMeta";
import { absoluteUrl } from "../../site";
import { ENTRY_TITLE_ID } from "../../lib/appIds";
import { TableOfContents } from "../../components/toc/TableOfContents";

// Below the fold and after the body: its own chunk keeps the first load of a post small.
const PostEnd = lazy(() => import("./PostEnd").then((module) => ({ default: module.PostEnd })));

/** The cover, unless the body already shows the same image (it would appear twice on the first screen). */
export function heroOf(post: PostDetail): string | undefined {
  if (post.image === undefined) return undefined;
  const body = document.createElement("template");
  body.innerHTML = post.html;
  const shown = [...body.content.querySelectorAll("img")].some((img) => img.getAttribute("src") === post.image);
  return shown ? undefined : post.image;
}

export function PostView({ post }: { post: PostDetail }) {
  const path = `/${post.slug}`;
  useHead({
    title: post.title,
    description: post.description,
    path,
    image: ogImagePath(post.slug),
    type: "article",
    jsonLd: blogPosting(post),
  });
  const hero = useMemo(() => heroOf(post), [post]);
  return (
    <article className="entry" aria-labelledby={ENTRY_TITLE_ID}>
      {/* Decorative: the title right below names the post. Sized from the file, so nothing jumps when it loads. */}
      {hero && (
        // Like a diagram in the body: a tap opens the file full size, for pinch zoom.
        <a className="entry-hero-link" href={hero} aria-label="Open the header picture full size">
          <img className="entry-hero" src={hero} alt="" width={post.imageWidth} height={post.imageHeight} fetchPriority="high" />
        </a>
      )}
      <header className="entry-header">
        <h1 id={ENTRY_TITLE_ID}>{post.title}</h1>
        <PostMeta date={post.date} readTime={post.readTime} tags={post.tags} />
        {/* The row's height is the button's, so the count appearing shifts nothing. */}
        <div className="entry-actions">
          <CopyPageMenu markdown={post.content} url={absoluteUrl(path)} />
          <ReadingNow path={path} />
        </div>
      </header>
      <TableOfContents html={post.html} />
      <Article html={post.html} />
      <Suspense fallback={null}>
        <PostEnd slug={post.slug} />
      </Suspense>
    </article>
  );
}
