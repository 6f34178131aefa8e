import { Link } from "react-router-dom";
import type { PostSummary } from "../../../convex/validators";
import { PostMeta } from "../PostMeta";
import "./PostList.css";

export function PostList({ posts }: { posts: PostSummary[] }) {
  return (
    <ul className="post-list">
      {posts.map((post) => (
        <li key={post.slug}>
          <article aria-labelledby={`post-${post.slug}`}>
            <h3 id={`post-${post.slug}`}>
              <Link to={`/${post.slug}`}>{post.title}</Link>
            </h3>
            <PostMeta date={post.date} readTime={post.readTime} tags={post.tags} />
            <p>{post.description}</p>
          </article>
        </li>
      ))}
    </ul>
  );
}
