import { useQuery } from "convex/react";
import { useParams } from "react-router-dom";
import { api } from "../../../convex/_generated/api";
import type { PostPage } from "../../../convex/validators";
import { useHead } from "../../components/head/useHead";
import { Loading } from "../../components/Loading";
import { NotFound } from "../../components/NotFound";
import { Pagination } from "../../components/pagination/Pagination";
import { PostList } from "../../components/post-list/PostList";
import { pageFromParam, pagePath } from "../../lib/paths";
import { site } from "../../site";
import "./Home.css";

/** `/` and `/page/:page`: the site's introduction, then its posts a page at a time. */
export default function Home() {
  const page = pageFromParam(useParams().page);
  const found = useQuery(api.posts.listPage, page === null ? "skip" : { page });
  if (page === null || found === null) return <NotFound />;
  return <HomeView page={page} found={found} />;
}

/** `found` is undefined while loading. */
function HomeView({ page, found }: { page: number; found: PostPage | undefined }) {
  useHead(page === 1 ? { path: "/" } : { title: `Posts, page ${page}`, path: pagePath("/", page) });
  return (
    <>
      {page === 1 && (
        <section className="intro" aria-labelledby="site-title">
          <h1 id="site-title">{site.heading}</h1>
          <p>{site.intro}</p>
        </section>
      )}
      <section aria-labelledby="posts-title">
        {page === 1 ? <h2 id="posts-title">Posts</h2> : <h1 id="posts-title">Posts, page {page}</h1>}
        {found === undefined ? (
          <Loading label="Loading posts" />
        ) : found.posts.length === 0 ? (
          <p className="empty">No posts published yet.</p>
        ) : (
          <>
            {/* ISO dates sort as strings; the query already orders them, this keeps the contract visible. */}
            <PostList posts={[...found.posts].sort((a, b) => b.date.localeCompare(a.date))} headingLevel={page === 1 ? 3 : 2} pictures />
            <Pagination base="/" page={found.page} pageCount={found.pageCount} />
          </>
        )}
      </section>
    </>
  );
}
