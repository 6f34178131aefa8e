import { useQuery } from "convex/react";
import { NavLink } from "react-router-dom";
import { api } from "../../../convex/_generated/api";
import { ARCHIVE_PATH, TAGS_PATH } from "../../lib/paths";

/**
 * The fixed links (Home, Archive, Tags, Stats), then the published pages in
 * their `order`. The pages come from a query and join after the first paint;
 * last in the row, they push no link that is already on screen.
 */
export function Nav() {
  const pages = useQuery(api.pages.list, {});
  return (
    <nav className="site-nav" aria-label="Main">
      <ul>
        <li>
          <NavLink to="/" end>
            Home
          </NavLink>
        </li>
        <li>
          <NavLink to={ARCHIVE_PATH}>Archive</NavLink>
        </li>
        <li>
          <NavLink to={TAGS_PATH}>Tags</NavLink>
        </li>
        <li>
          <NavLink to="/stats">Stats</NavLink>
        </li>
        {pages?.map((page) => (
          <li key={page.slug}>
            <NavLink to={`/${page.slug}`}>{page.title}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
