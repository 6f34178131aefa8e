import { useQuery } from "convex/react";
import { Link, useParams } from "react-router-dom";
import { api } from "../../../convex/_generated/api";
import { tagProblem } from "../../../convex/slugs";
import type { TagPage as TagPageData } from "../../../convex/validators";
import { useHead } from "../../components/head/useHead";
import { Loading } from "../../components/Loading";
import { NotFound } from "../../components/NotFound";
import { PostList } from "../../components/post-list/PostList";
import { TAGS_PATH, tagPath } from "../../lib/paths";
import "./Tags.css";

/** `/tags/:tag`: the tag's published posts, newest first; a 404 for a tag no published post has. */
export default function TagPage() {
  const { tag = "" } = useParams();
  const valid = tagProblem(tag) === null;
  const found = useQuery(api.tags.getPosts, valid ? { tag } : "skip");
  if (!valid || found === null) return <NotFound />;
  if (found === undefined) return <Loading label="Loading posts" />;
  return <TagView tag={found.tag} count={found.count} posts={found.posts} />;
}

function TagView({ tag, count, posts }: TagPageData) {
  const counted = count === 1 ? "1 post" : `${count} posts`;
  useHead({ title: `Posts tagged ${tag}`, description: `${counted} tagged “${tag}”, newest first.`, path: tagPath(tag) });
  return (
    <section aria-labelledby="tag-title">
      <p className="tag-crumbs">
        <Link to={TAGS_PATH}>All tags</Link>
      </p>
      <h1 id="tag-title">
        Posts tagged <span className="tag-name">{tag}</span>
      </h1>
      <p className="tag-summary">{counted}, newest first.</p>
      <PostList posts={posts} />
    </section>
  );
}
