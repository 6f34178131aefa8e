import { Link } from "react-router-dom";
import { site } from "../../site";
import { SearchButton } from "../search/SearchButton";
import { ThemeToggle } from "../ThemeToggle";
import { BrandMark } from "./BrandMark";
import { Nav } from "./Nav";

export function Header() {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="brand">
          <BrandMark />
          <span>{site.name}</span>
        </Link>
        <Nav />
        <SearchButton />
        <ThemeToggle />
      </div>
    </header>
  );
}
