import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import satori from "satori";
import { SITE } from "../../convex/constants";

/** What link previews expect: 1200×630, the size the big networks crop to. */
export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

// The Tan theme's tokens (src/styles/global.css), so a card looks like the site.
const TAN = { bg: "#f5efe4", surface: "#ece3d3", text: "#2a2118", muted: "#5f4f3b", accent: "#8a3d0c", border: "#d6c7ad" };

// Fonts from an npm package, read from disk: rendering never touches the network.
const require = createRequire(import.meta.url);
const font = (file: string) => readFileSync(require.resolve(`@fontsource/inter/files/${file}`));
let fonts: Array<{ name: string; data: Buffer; weight: 400 | 700; style: "normal" }> | undefined;
function loadFonts() {
  fonts ??= [
    { name: "Inter", data: font("inter-latin-400-normal.woff"), weight: 400, style: "normal" },
    { name: "Inter", data: font("inter-latin-700-normal.woff"), weight: 700, style: "normal" },
  ];
  return fonts;
}

interface Node {
  type: string;
  props: { style?: Record<string, string | number>; children?: Array<Node | string> | Node | string };
}
const el = (type: string, style: Node["props"]["style"], children?: Node["props"]["children"]): Node => ({ type, props: { style, children } });

export interface OgCard {
  title: string;
  description: string;
  /** Shown as written, e.g. "November 18, 2026 · 5 min read". */
  meta: string;
}

/** Part of each preview's cache key: bump it when the card's look changes. */
export const OG_RENDER_VERSION = "1";

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

/** A title card in the site's style, as a PNG. */
export async function renderOgImage(card: OgCard): Promise<Buffer> {
  const title = clip(card.title, 90);
  const description = clip(card.description, 150);
  const { meta } = card;
  const tree = el(
    "div",
    { width: OG_WIDTH, height: OG_HEIGHT, boxSizing: "border-box", display: "flex", flexDirection: "column", justifyContent: "space-between", padding: "64px 80px 56px", background: TAN.bg, borderTop: `16px solid ${TAN.accent}`, fontFamily: "Inter", color: TAN.text },
    [
      el("div", { display: "flex", flexDirection: "column", width: OG_WIDTH - 160 }, [
        el("div", { fontSize: 64, fontWeight: 700, lineHeight: 1.15, display: "flex" }, title),
        el("div", { fontSize: 32, color: TAN.muted, marginTop: 28, lineHeight: 1.35, display: "flex" }, description),
      ]),
      el("div", { display: "flex", width: OG_WIDTH - 160, justifyContent: "space-between", alignItems: "center", fontSize: 28, color: TAN.muted, borderTop: `2px solid ${TAN.border}`, paddingTop: 28 }, [
        el("div", { display: "flex", fontWeight: 700, color: TAN.accent }, SITE.name),
        el("div", { display: "flex" }, meta),
      ]),
    ],
  );
  // satori takes React-shaped elements; plain objects of that shape need no JSX.
  const svg = await satori(tree as unknown as Parameters<typeof satori>[0], { width: OG_WIDTH, height: OG_HEIGHT, fonts: loadFonts() });
  return new Resvg(svg, { fitTo: { mode: "width", value: OG_WIDTH }, font: { loadSystemFonts: false } }).render().asPng();
}
