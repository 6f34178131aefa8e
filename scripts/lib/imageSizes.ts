import { readFileSync } from "node:fs";
import path from "node:path";
import { imageSize } from "image-size";

export interface ImageDimensions {
  width: number;
  height: number;
}

/** A site path (`/images/x.svg`) to its pixel size, or undefined when unknown. */
export type ImageSizer = (src: string) => ImageDimensions | undefined;

/**
 * Reads the size of images under `publicDir` (the folder the site serves at
 * `/`), once each. Pages render the width and height so the browser reserves
 * the image's box before it loads, and nothing below it jumps. A missing or
 * unreadable file, or a path outside the folder, has no size.
 */
export function imageSizer(publicDir: string): ImageSizer {
  const root = path.resolve(publicDir);
  const cache = new Map<string, ImageDimensions | undefined>();
  return (src) => {
    if (!src.startsWith("/") || src.startsWith("//")) return undefined;
    const pathname = src.split(/[?#]/)[0]!;
    if (cache.has(pathname)) return cache.get(pathname);
    let found: ImageDimensions | undefined;
    try {
      const file = path.resolve(root, `.${decodeURIComponent(pathname)}`);
      if (file.startsWith(root + path.sep)) {
        const { width, height } = imageSize(readFileSync(file));
        if (width > 0 && height > 0) found = { width, height };
      }
    } catch {
      found = undefined;
    }
    cache.set(pathname, found);
    return found;
  };
}
