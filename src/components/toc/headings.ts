/** A heading a table of contents links to. */
export interface TocHeading {
  id: string;
  text: string;
  level: 2 | 3;
}

/** A table of contents only helps from this many headings on. */
export const MIN_TOC_HEADINGS = 3;

/**
 * The h2 and h3 headings of rendered article HTML that carry an id (the sync
 * gives every heading one), in document order. Parsed in an inert template,
 * so nothing in the HTML runs or loads.
 */
export function headingsOf(html: string): TocHeading[] {
  const template = document.createElement("template");
  template.innerHTML = html;
  return [...template.content.querySelectorAll<HTMLHeadingElement>("h2[id], h3[id]")]
    .map((heading) => ({
      id: heading.id,
      text: heading.textContent?.replace(/\s+/g, " ").trim() ?? "",
      level: heading.tagName === "H2" ? (2 as const) : (3 as const),
    }))
    .filter((heading) => heading.text !== "");
}
