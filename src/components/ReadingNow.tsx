import { useQuery } from "convex/react";
import { api } from "../../convex/_generated/api";
import { READERS_CAP } from "../../convex/constants";
import "./ReadingNow.css";

/**
 * "N reading now", pushed live by presence.readers. Nothing while the
 * viewer is alone (or still loading): "1 reading now" would only be them.
 */
export function ReadingNow({ path }: { path: string }) {
  const count = useQuery(api.presence.readers, { path });
  if (count === undefined || count <= 1) return null;
  return (
    <p className="reading-now">
      <span className="reading-now__dot" aria-hidden="true" />
      {count >= READERS_CAP ? `${READERS_CAP}+` : count} reading now
    </p>
  );
}
