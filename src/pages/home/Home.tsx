import { useQuery } from "convex/react";
import { api } from "../../../convex/_generated/api";
import { useHead } from "../../components/head/useHead";
import { Loading } from "../../components/Loading";
import { site } from "../../site";
import { PostList } from "./PostList";
import "./Home.css";

export default function Home() {
  const posts = useQuery(api.posts.list, {});
  useHead({ path: "/" });
  return (
    <>
      <section className="intro" aria-labelledby="site-title">
        <h1 id="site-title">{site.title}</h1>
        <p>{site.intro}</p>
      </section>
      <section aria-labelledby="posts-title">
        <h2 id="posts-title">Posts</h2>
        {posts === undefined ? (
          <Loading label="Loading posts" />
        ) : posts.length === 0 ? (
          <p className="empty">No posts published yet.</p>
        ) : (
          // ISO dates sort as strings; the query already orders them, this keeps the contract visible.
          <PostList posts={[...posts].sort((a, b) => b.date.localeCompare(a.date))} />
        )}
      </section>
    </>
  );
}
