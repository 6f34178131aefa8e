// Formatters are built once: constructing Intl objects is the slow part.
const count = new Intl.NumberFormat();
const day = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatCount(value: number): string {
  return count.format(value);
}

export function formatDay(timestamp: number): string {
  return day.format(timestamp);
}

export function plural(value: number, one: string, many: string): string {
  return value === 1 ? one : many;
}
