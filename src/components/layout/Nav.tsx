import { useQuery } from "convex/react";
import { NavLink } from "react-router-dom";
import { api } from "../../../convex/_generated/api";
import { ARCHIVE_PATH, TAGS_PATH } from "../../lib/paths";

/** Home, the published pages in their `order`, then the ways into all posts (tags, archive) and Stats. */
export function Nav() {
  // Undefined while loading: the fixed links show at once, the pages join when they arrive.
  const pages = useQuery(api.pages.list, {});
  return (
    <nav className="site-nav" aria-label="Main">
      <ul>
        <li>
          <NavLink to="/" end>
            Home
          </NavLink>
        </li>
        {pages?.map((page) => (
          <li key={page.slug}>
            <NavLink to={`/${page.slug}`}>{page.title}</NavLink>
          </li>
        ))}
        <li>
          <NavLink to={TAGS_PATH}>Tags</NavLink>
        </li>
        <li>
          <NavLink to={ARCHIVE_PATH}>Archive</NavLink>
        </li>
        <li>
          <NavLink to="/stats">Stats</NavLink>
        </li>
      </ul>
    </nav>
  );
}
