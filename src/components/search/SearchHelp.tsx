import { Link } from "react-router-dom";
import type { SearchHelp as Help } from "../../../convex/search.help";
import { formatDate } from "../formatDate";

interface Props {
  help: Help;
  /** Puts the suggested words in the box. */
  onSuggest: (query: string) => void;
  /** Called as a link is followed, so the dialog closes. */
  onLeave: () => void;
}

/** When nothing matches: a likely correction, the nearest tags and the newest posts. */
export function SearchHelp({ help, onSuggest, onLeave }: Props) {
  return (
    <div className="search-help">
      {help.didYouMean !== null && (
        <p className="search-help-suggest">
          Did you mean{" "}
          <button type="button" className="search-help-correction" onClick={() => onSuggest(help.didYouMean!)}>
            {help.didYouMean}
          </button>
          ?
        </p>
      )}
      {help.tags.length > 0 && (
        <section aria-labelledby="search-help-tags">
          <h2 id="search-help-tags">Tags</h2>
          <ul className="search-help-tags">
            {help.tags.map(({ tag, count }) => (
              <li key={tag}>
                <Link to={`/tags/${tag}`} onClick={onLeave}>
                  {tag} <span className="search-help-count">{count}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {help.latest.length > 0 && (
        <section aria-labelledby="search-help-latest">
          <h2 id="search-help-latest">Latest posts</h2>
          <ul className="search-help-latest">
            {help.latest.map((entry) => (
              <li key={entry.slug}>
                <Link to={`/${entry.slug}`} onClick={onLeave}>
                  {entry.title}
                </Link>
                {entry.date !== undefined && <time dateTime={entry.date}>{formatDate(entry.date)}</time>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
