import { Link } from "react-router-dom";
import { site } from "../../site";
import { SearchButton } from "../search/SearchButton";
import { ThemeToggle } from "../ThemeToggle";
import { Nav } from "./Nav";

export function Header() {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="brand">
          {/* The logo, drawn by CSS in the theme's colours; the link's text names it. */}
          <span className="brand-mark" aria-hidden="true" />
          <span>{site.name}</span>
        </Link>
        <Nav />
        <SearchButton />
        <ThemeToggle />
      </div>
    </header>
  );
}
