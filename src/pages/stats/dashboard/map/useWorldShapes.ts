import { useEffect, useState } from "react";

export type WorldShapes = typeof import("./worldShapes");

let loaded: WorldShapes | undefined;

/** The map's paths, fetched as a chunk of their own the first time a map is drawn. */
export function useWorldShapes(): WorldShapes | undefined {
  const [shapes, setShapes] = useState(loaded);
  useEffect(() => {
    if (shapes !== undefined) return;
    let live = true;
    void import("./worldShapes").then((module) => {
      loaded = module;
      if (live) setShapes(module);
    });
    return () => {
      live = false;
    };
  }, [shapes]);
  return shapes;
}
