import type { PageDetail, PageLink, PostDetail, PostSummary } from "../../../convex/validators";

export const summaries: PostSummary[] = [
  {
    slug: "live-stats",
    title: "How the live stats work",
    description: "Views, sessions and a rollup, without cookies.",
    date: "2025-03-07",
    tags: ["convex", "privacy"],
    readTime: "6 min read",
  },
  {
    slug: "how-to-publish",
    title: "How to publish",
    description: "Write markdown, run one command.",
    date: "2025-01-15",
    tags: ["guide"],
    readTime: "3 min read",
  },
];

export const postDetail: PostDetail = {
  ...summaries[1]!,
  image: "/images/publish.png",
  imageWidth: 1200,
  imageHeight: 600,
  content: "# How to publish\n\nRun `npm run sync`.",
  html: '<p>Run <code>npm run sync</code>.</p><pre><code class="hljs language-sh">npm run sync</code></pre>',
};

export const pageLinks: PageLink[] = [
  { slug: "about", title: "About", order: 1 },
  { slug: "projects", title: "Projects", order: 2 },
  { slug: "contact", title: "Contact", order: 3 },
];

export const aboutPage: PageDetail = {
  slug: "about",
  title: "About",
  content: "# About\n\nThis site is a markdown blog.",
  html: "<p>This site is a markdown blog.</p>",
};
