import type { PostSummary } from "../../../convex/validators";

/** Posts grouped by the year of their ISO date, newest year and newest post first. */
export function postsByYear(posts: readonly PostSummary[]): { year: string; posts: PostSummary[] }[] {
  const sorted = [...posts].sort((a, b) => b.date.localeCompare(a.date));
  const years: { year: string; posts: PostSummary[] }[] = [];
  for (const post of sorted) {
    const year = post.date.slice(0, 4);
    const last = years.at(-1);
    if (last?.year === year) last.posts.push(post);
    else years.push({ year, posts: [post] });
  }
  return years;
}
