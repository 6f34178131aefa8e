import { useEffect } from "react";
import { absoluteUrl, site } from "../../site";
import { jsonLdText } from "./jsonLd";

export type HeadData = {
  /** Page title; the site name is appended. Omit on the home page. */
  title?: string;
  description?: string;
  /** Path of the page, for canonical and og:url. */
  path?: string;
  image?: string;
  type?: "website" | "article";
  noindex?: boolean;
  jsonLd?: Record<string, unknown>;
};

type Undo = () => void;

function setMeta(attr: "name" | "property", key: string, content: string): Undo {
  const existing = document.head.querySelector<HTMLMetaElement>(`meta[${attr}="${key}"]`);
  if (existing) {
    // Tags from index.html are the defaults: put them back when the page leaves.
    const previous = existing.content;
    existing.content = content;
    return () => {
      existing.content = previous;
    };
  }
  const meta = document.createElement("meta");
  meta.setAttribute(attr, key);
  meta.content = content;
  document.head.append(meta);
  return () => meta.remove();
}

function appendElement(element: HTMLElement): Undo {
  document.head.append(element);
  return () => element.remove();
}

function applyHead(data: HeadData): Undo[] {
  const title = data.title ? `${data.title} · ${site.name}` : site.title;
  const description = data.description ?? site.description;
  const undo: Undo[] = [];
  const previousTitle = document.title;
  document.title = title;
  undo.push(() => {
    document.title = previousTitle;
  });

  undo.push(setMeta("name", "description", description));
  if (data.noindex) {
    undo.push(setMeta("name", "robots", "noindex"));
    return undo;
  }

  const url = absoluteUrl(data.path ?? "/");
  const image = data.image && absoluteUrl(data.image);
  const og: Array<[string, string | undefined]> = [
    ["og:title", data.title ?? site.title],
    ["og:description", description],
    ["og:type", data.type ?? "website"],
    ["og:url", url],
    ["og:site_name", site.name],
    ["og:image", image],
  ];
  for (const [key, value] of og) if (value) undo.push(setMeta("property", key, value));
  undo.push(setMeta("name", "twitter:card", image ? "summary_large_image" : "summary"));
  undo.push(setMeta("name", "twitter:title", data.title ?? site.title));
  undo.push(setMeta("name", "twitter:description", description));
  if (image) undo.push(setMeta("name", "twitter:image", image));

  const canonical = document.createElement("link");
  canonical.rel = "canonical";
  canonical.href = url;
  undo.push(appendElement(canonical));

  if (data.jsonLd) {
    const script = document.createElement("script");
    script.type = "application/ld+json";
    script.textContent = jsonLdText(data.jsonLd);
    undo.push(appendElement(script));
  }
  return undo;
}

/** Sets title, meta, canonical and JSON-LD for the mounted page; restores the defaults on unmount. */
export function useHead(data: HeadData): void {
  // One serialized key, so callers can pass a fresh object literal every render.
  const key = JSON.stringify(data);
  useEffect(() => {
    const undo = applyHead(JSON.parse(key) as HeadData);
    return () => {
      for (const step of undo.reverse()) step();
    };
  }, [key]);
}
