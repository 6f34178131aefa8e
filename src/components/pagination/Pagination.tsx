import { Link } from "react-router-dom";
import { pagePath } from "../../lib/paths";
import "./Pagination.css";

/** Newer and older pages of a list at `base`; nothing when it fits one page. */
export function Pagination({ base, page, pageCount }: { base: string; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pagination">
      {page > 1 ? (
        <Link to={pagePath(base, page - 1)} rel="prev">
          ← Newer posts
        </Link>
      ) : (
        <span />
      )}
      <span className="pagination-where">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={pagePath(base, page + 1)} rel="next">
          Older posts →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
