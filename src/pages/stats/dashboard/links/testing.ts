// Empty answers of the link and goal queries, for tests that render the whole dashboard.
export const EMPTY_LINK_QUERIES = {
  "links:report": { rows: [], truncated: false, visitorsApproximate: false },
  "goals:report": { visitors: 0, goals: [] },
};
