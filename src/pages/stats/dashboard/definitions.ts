/** What each figure means; shown as tooltips and in the page's definitions list, and written up in prds/stats.md. */
export const DEFINITIONS = {
  visitors:
    "Distinct visitors: one per browser session id (a random id kept in this browser's storage). Across several days it may be estimated; the page says so when it is.",
  visits: "A visitor's views with gaps of less than 30 minutes between them. A longer pause starts a new visit.",
  views:
    "Page views, counting a visitor's repeat view of the same page within 30 minutes once. Plausible and others count every page load, so their views run higher.",
  viewsPerVisit: "Views divided by visits.",
  bounceRate: "The share of visits with a single view and less than 10 seconds of engaged time.",
  visitDuration: "Mean engaged time per visit: only the time the page was visible, never a background tab.",
  engagedTime: "Mean engaged (visible) time a visitor spent on the page.",
  readCompletion: "For posts: the share of the post's visitors whose engaged time on it reached its reading time.",
} as const;

export type DefinedTerm = keyof typeof DEFINITIONS;
