import { useQuery } from "convex/react";
import { Link } from "react-router-dom";
import { api } from "../../../convex/_generated/api";

export function PageLinks() {
  const pages = useQuery(api.pages.list, {});
  if (!pages?.length) return null;
  return (
    <nav className="page-links" aria-label="Pages">
      <ul>
        {pages.map((page) => (
          <li key={page.slug}>
            <Link to={`/${page.slug}`}>{page.title}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
