/** A time of day after a date, as frontmatter's `publishAt` writes it: 2026-03-01T09:30, or to the second, 2026-03-01T09:30:15. */
export const PUBLISH_AT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Minutes the zone is ahead of UTC at `instant`. */
function offsetMinutes(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"));
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/**
 * The instant (ms since the epoch) a wall-clock time in `timeZone` names.
 * Two passes settle daylight-saving changes; a time skipped by a spring-forward
 * lands just after the gap.
 */
export function zonedTime(timeZone: string, year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  let instant = wall - offsetMinutes(timeZone, wall) * 60_000;
  instant = wall - offsetMinutes(timeZone, instant) * 60_000;
  return instant;
}

/** When a post goes live: its `publishAt` if given, else the start of its `date`, in the site's time zone. */
export function publishInstant(timeZone: string, date: string, publishAt?: string): number {
  const at = publishAt === undefined ? undefined : PUBLISH_AT_PATTERN.exec(publishAt);
  if (at) return zonedTime(timeZone, Number(at[1]), Number(at[2]), Number(at[3]), Number(at[4]), Number(at[5]), Number(at[6] ?? 0));
  const [year, month, day] = date.split("-").map(Number);
  return zonedTime(timeZone, year!, month!, day!);
}
