import { useQuery } from "convex/react";
import { Link } from "react-router-dom";
import { api } from "../../convex/_generated/api";
import { useHead } from "./head/useHead";
import { SearchButton } from "./search/SearchButton";
import "./NotFound.css";

/** How many recent posts the not-found page offers instead. */
export const NOT_FOUND_POSTS = 5;

function LatestPosts() {
  const posts = useQuery(api.posts.list, {});
  if (posts === undefined) return <p className="not-found-wait">Loading the latest posts…</p>;
  if (posts.length === 0) return null;
  return (
    <ul className="not-found-posts">
      {posts.slice(0, NOT_FOUND_POSTS).map((post) => (
        <li key={post.slug}>
          <Link to={`/${post.slug}`}>{post.title}</Link>
        </li>
      ))}
    </ul>
  );
}

export function NotFound() {
  useHead({ title: "Page not found", noindex: true });
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Page not found</h1>
      <p>There is no published post or page at this address. It may have moved or been unpublished.</p>
      {/* A div: the dialog renders beside its button, and a <p> can't hold it. */}
      <div className="not-found-actions">
        {/* The header's button keeps the shortcut; this one opens the same dialog. */}
        <SearchButton label="Search posts and pages" shortcut={false} />
        <Link to="/">All posts</Link>
      </div>
      {/* Last on the page: the list arriving pushes nothing below it into view. */}
      <section aria-labelledby="not-found-latest">
        <h2 id="not-found-latest">Latest posts</h2>
        <LatestPosts />
      </section>
    </section>
  );
}
