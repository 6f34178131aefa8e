export type CsvCell = string | number | null;

/**
 * RFC 4180: a field with a comma, quote or line break is quoted, quotes are
 * doubled. A text field starting with =, +, - or @ gets a leading apostrophe
 * so a spreadsheet shows it instead of running it as a formula (a page path
 * or a campaign name is visitor-controlled text).
 */
export function csvField(cell: CsvCell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** Saves text as a file through a temporary link; nothing leaves the browser. */
export function downloadCsv(filename: string, csv: string): void {
  saveBlob(filename, new Blob([csv], { type: "text/csv;charset=utf-8" }));
}

/** Saves a blob as a file through a temporary link; nothing leaves the browser. */
export function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
