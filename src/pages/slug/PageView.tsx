import type { PageDetail } from "../../../convex/validators";
import { Article } from "../../components/article/Article";
import { CopyPageMenu } from "../../components/copy-menu/CopyPageMenu";
import { useHead } from "../../components/head/useHead";
import { ReadingNow } from "../../components/ReadingNow";
import { absoluteUrl } from "../../site";
import { ENTRY_TITLE_ID } from "../../lib/appIds";

const DESCRIPTION_CHARS = 160;

/** Pages have no description field: the first paragraph stands in for one. */
function firstParagraph(html: string): string | undefined {
  const template = document.createElement("template");
  template.innerHTML = html;
  const text = template.content.querySelector("p")?.textContent?.replace(/\s+/g, " ").trim();
  if (!text) return undefined;
  return text.length > DESCRIPTION_CHARS ? `${text.slice(0, DESCRIPTION_CHARS - 1).trimEnd()}…` : text;
}

export function PageView({ page }: { page: PageDetail }) {
  const path = `/${page.slug}`;
  useHead({ title: page.title, description: firstParagraph(page.html), path });
  return (
    <article className="entry" aria-labelledby={ENTRY_TITLE_ID}>
      <header className="entry-header">
        <h1 id={ENTRY_TITLE_ID}>{page.title}</h1>
        {/* The row's height is the button's, so the count appearing shifts nothing. */}
        <div className="entry-actions">
          <CopyPageMenu markdown={page.content} url={absoluteUrl(path)} />
          <ReadingNow path={path} />
        </div>
      </header>
      <Article html={page.html} />
    </article>
  );
}
