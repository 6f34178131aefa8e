import { useQuery } from "convex/react";
import { Link } from "react-router-dom";
import { api } from "../../../convex/_generated/api";
import { useHead } from "../../components/head/useHead";
import { Loading } from "../../components/Loading";
import { TAGS_PATH, tagPath } from "../../lib/paths";
import "./Tags.css";

/** `/tags`: every tag of a published post, with its number of posts. */
export default function TagsPage() {
  const tags = useQuery(api.tags.list, {});
  useHead({ title: "Tags", description: "Every tag on this site, with its number of posts.", path: TAGS_PATH });
  return (
    <section aria-labelledby="tags-title">
      <h1 id="tags-title">Tags</h1>
      {tags === undefined ? (
        <Loading label="Loading tags" />
      ) : tags.length === 0 ? (
        <p className="empty">No published post has a tag yet.</p>
      ) : (
        <ul className="tag-index">
          {tags.map(({ tag, count }) => (
            <li key={tag}>
              <Link to={tagPath(tag)}>
                <span>{tag}</span> <span className="tag-count">{count === 1 ? "1 post" : `${count} posts`}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
