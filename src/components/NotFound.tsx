import { Link } from "react-router-dom";
import { useHead } from "./head/useHead";

export function NotFound() {
  useHead({ title: "Page not found", noindex: true });
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Page not found</h1>
      <p>There is no published post or page at this address. It may have moved or been unpublished.</p>
      <p>
        <Link to="/">Back to all posts</Link>
      </p>
    </section>
  );
}
