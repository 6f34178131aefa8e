import { useQuery } from "convex/react";
import { Link } from "react-router-dom";
import { api } from "../../../convex/_generated/api";
import type { PostSummary } from "../../../convex/validators";
import { formatDate } from "../../components/formatDate";
import { useHead } from "../../components/head/useHead";
import { Loading } from "../../components/Loading";
import { ARCHIVE_PATH } from "../../lib/paths";
import { postsByYear } from "./postsByYear";
import "./Archive.css";

/** `/archive`: every published post, newest year first, one line each. */
export default function ArchivePage() {
  const posts = useQuery(api.posts.list, {});
  useHead({ title: "Archive", description: "Every post on this site, by year.", path: ARCHIVE_PATH });
  return (
    <section aria-labelledby="archive-title">
      <h1 id="archive-title">Archive</h1>
      {posts === undefined ? (
        <Loading label="Loading posts" />
      ) : posts.length === 0 ? (
        <p className="empty">No posts published yet.</p>
      ) : (
        <>
          <p className="archive-summary">{posts.length === 1 ? "1 post" : `${posts.length} posts`}, newest first.</p>
          {postsByYear(posts).map(({ year, posts: ofYear }) => (
            <YearSection key={year} year={year} posts={ofYear} />
          ))}
        </>
      )}
    </section>
  );
}

function YearSection({ year, posts }: { year: string; posts: PostSummary[] }) {
  return (
    <section className="archive-year" aria-labelledby={`year-${year}`}>
      <h2 id={`year-${year}`}>{year}</h2>
      <ul>
        {posts.map((post) => (
          <li key={post.slug}>
            <time dateTime={post.date}>{formatDate(post.date)}</time>
            <Link to={`/${post.slug}`}>{post.title}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
