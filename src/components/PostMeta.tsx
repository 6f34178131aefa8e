import { Link } from "react-router-dom";
import type { PostSummary } from "../../convex/validators";
import { tagPath } from "../lib/paths";
import { formatDate } from "./formatDate";
import "./PostMeta.css";

type Props = Pick<PostSummary, "date" | "readTime" | "tags">;

export function PostMeta({ date, readTime, tags }: Props) {
  return (
    <div className="post-meta">
      <p>
        <time dateTime={date}>{formatDate(date)}</time>
        <span aria-hidden="true"> · </span>
        <span>{readTime}</span>
      </p>
      {tags.length > 0 && (
        <ul className="tags" aria-label="Tags">
          {tags.map((tag) => (
            <li key={tag}>
              <Link to={tagPath(tag)}>{tag}</Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
