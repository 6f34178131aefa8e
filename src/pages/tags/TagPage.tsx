import { useQuery } from "convex/react";
import { Link, useParams } from "react-router-dom";
import { api } from "../../../convex/_generated/api";
import { tagProblem } from "../../../convex/slugs";
import type { TagPage as TagPageData } from "../../../convex/validators";
import { useHead } from "../../components/head/useHead";
import { Loading } from "../../components/Loading";
import { NotFound } from "../../components/NotFound";
import { PostList } from "../../components/post-list/PostList";
import { Pagination } from "../../components/pagination/Pagination";
import { pageFromParam, pagePath, TAGS_PATH, tagPath } from "../../lib/paths";
import "./Tags.css";

/** `/tags/:tag`: the tag's published posts, newest first; a 404 for a tag no published post has. */
export default function TagPage() {
  const { tag = "", page: pageParam } = useParams();
  const page = pageFromParam(pageParam);
  const valid = tagProblem(tag) === null && page !== null;
  const found = useQuery(api.tags.getPosts, valid ? { tag, page } : "skip");
  if (!valid || found === null) return <NotFound />;
  if (found === undefined) return <Loading label="Loading posts" />;
  return <TagView {...found} />;
}

function TagView({ tag, count, posts, page, pageCount }: TagPageData) {
  const counted = count === 1 ? "1 post" : `${count} posts`;
  const ofPage = page === 1 ? "" : `, page ${page}`;
  useHead({
    title: `Posts tagged ${tag}${ofPage}`,
    description: `${counted} tagged “${tag}”, newest first${ofPage}.`,
    path: pagePath(tagPath(tag), page),
  });
  return (
    <section aria-labelledby="tag-title">
      <p className="tag-crumbs">
        <Link to={TAGS_PATH}>All tags</Link>
      </p>
      <h1 id="tag-title">
        Posts tagged <span className="tag-name">{tag}</span>
        {ofPage}
      </h1>
      <p className="tag-summary">{counted}, newest first.</p>
      <PostList posts={posts} headingLevel={2} pictures />
      <Pagination base={tagPath(tag)} page={page} pageCount={pageCount} />
    </section>
  );
}
