import { useQuery } from "convex/react";
import { Link } from "react-router-dom";
import { api } from "../../../convex/_generated/api";
import type { PostLink } from "../../../convex/validators";
import { PostList } from "../../components/post-list/PostList";
import "./PostEnd.css";

/** Below a post: its older and newer neighbours, and related posts. Nothing while loading: it sits below the fold. */
export function PostEnd({ slug }: { slug: string }) {
  const end = useQuery(api.posts.getEnd, { slug });
  if (!end) return null;
  const { older, newer, related } = end;
  return (
    <footer className="post-end">
      {(older || newer) && (
        <nav className="post-neighbours" aria-label="Older and newer posts">
          {older && <Neighbour post={older} rel="prev" label="Older post" />}
          {newer && <Neighbour post={newer} rel="next" label="Newer post" />}
        </nav>
      )}
      {related.length > 0 && (
        <section className="post-related" aria-labelledby="related-title">
          <h2 id="related-title">Related posts</h2>
          <PostList posts={related} headingLevel={3} />
        </section>
      )}
    </footer>
  );
}

function Neighbour({ post, rel, label }: { post: PostLink; rel: "prev" | "next"; label: string }) {
  return (
    <Link to={`/${post.slug}`} rel={rel} className={`post-neighbour post-neighbour-${rel}`}>
      <span className="post-neighbour-label">{label}</span>
      <span className="post-neighbour-title">{post.title}</span>
    </Link>
  );
}
