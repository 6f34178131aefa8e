/** The parts of a Vite build manifest entry this reads (build.manifest: true). */
export type ManifestChunk = {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
};
export type Manifest = Record<string, ManifestChunk>;

/**
 * Files a page loads before it can render: the entry, the lazy modules its
 * route renders at once, and everything those import statically (Vite
 * preloads static imports of a dynamic chunk together with it).
 */
export function initialFiles(manifest: Manifest, lazyModules: string[] = []): { js: string[]; css: string[] } {
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entry) throw new Error("manifest has no entry chunk");
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no chunk for ${key}`);
    seen.add(key);
    for (const dependency of chunk.imports ?? []) visit(dependency);
  };
  for (const key of [entry, ...lazyModules]) visit(key);
  const chunks = [...seen].map((key) => manifest[key]!);
  return {
    js: [...new Set(chunks.map((chunk) => chunk.file))],
    css: [...new Set(chunks.flatMap((chunk) => chunk.css ?? []))],
  };
}
