import type { PostDetail } from "../../../convex/validators";
import { Article } from "../../components/article/Article";
import { CopyPageMenu } from "../../components/copy-menu/CopyPageMenu";
import { blogPosting } from "../../components/head/blogPosting";
import { useHead } from "../../components/head/useHead";
import { ReadingNow } from "../../components/ReadingNow";
import { PostMeta } from "../../components/PostMeta";
import { absoluteUrl } from "../../site";
import { ENTRY_TITLE_ID } from "../../lib/appIds";

export function PostView({ post }: { post: PostDetail }) {
  const path = `/${post.slug}`;
  useHead({
    title: post.title,
    description: post.description,
    path,
    image: post.image,
    type: "article",
    jsonLd: blogPosting(post),
  });
  return (
    <article className="entry" aria-labelledby={ENTRY_TITLE_ID}>
      {/* Decorative: the title right below names the post. */}
      {post.image && <img className="entry-hero" src={post.image} alt="" fetchPriority="high" />}
      <header className="entry-header">
        <h1 id={ENTRY_TITLE_ID}>{post.title}</h1>
        <PostMeta date={post.date} readTime={post.readTime} tags={post.tags} />
        {/* The row's height is the button's, so the count appearing shifts nothing. */}
        <div className="entry-actions">
          <CopyPageMenu markdown={post.content} url={absoluteUrl(path)} />
          <ReadingNow path={path} />
        </div>
      </header>
      <Article html={post.html} />
    </article>
  );
}
