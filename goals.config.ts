// The site's goals: what counts as a reader doing what the owner hopes for.
// /stats shows each goal's visitors, conversions and conversion rate; see
// "Goals" in README.md. Checked by `npm run sync` and when Convex deploys.
import type { GoalConfig } from "./convex/goals.check";

const goals: GoalConfig[] = [
  { id: "about", name: "Read the About page", path: "/about" },
  { id: "any-post-guide", name: "Opened a how-to post", path: "/how-*" },
  { id: "github", name: "Went to GitHub", outboundHost: "github.com" },
  { id: "download", name: "Downloaded a file", download: "*" },
];

export default goals;
