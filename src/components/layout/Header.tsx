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
          {/* The link's text names it; the logo is decoration. */}
          <img src={site.logo} alt="" width="28" height="28" />
          <span>{site.name}</span>
        </Link>
        <Nav />
        <SearchButton />
        <ThemeToggle />
      </div>
    </header>
  );
}
