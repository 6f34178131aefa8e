import { useQuery } from "convex/react";
import { Navigate, useLocation, useParams } from "react-router-dom";
import { api } from "../../../convex/_generated/api";
import { slugFormatProblem } from "../../../convex/slugs";
import { Loading } from "../../components/Loading";
import { NotFound } from "../../components/NotFound";
import { PageView } from "./PageView";
import { PostView } from "./PostView";
import "./Entry.css";

/** `/:slug`: a published post, else a published page, else a 404. */
export default function SlugPage() {
  const { slug = "" } = useParams();
  // A path no slug can match needs no round trip.
  const valid = slugFormatProblem(slug) === null;
  const post = useQuery(api.posts.getBySlug, valid ? { slug } : "skip");
  const page = useQuery(api.pages.getBySlug, valid ? { slug } : "skip");
  // Asked only once neither exists: a renamed post's old slug leads to its slug now.
  const missing = valid && post === null && page === null;
  const moved = useQuery(api.posts.movedTo, missing ? { slug } : "skip");
  const { search, hash } = useLocation();

  if (!valid) return <NotFound />;
  if (post) return <PostView post={post} />;
  // undefined means loading, null means absent: 404 only once both answered.
  if (post === undefined || page === undefined) return <Loading />;
  if (page) return <PageView page={page} />;
  if (moved === undefined) return <Loading />;
  if (moved !== null) return <Navigate replace to={`/${moved}${search}${hash}`} />;
  return <NotFound />;
}
