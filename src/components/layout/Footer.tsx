import { site } from "../../site";

export function Footer() {
  return (
    <footer className="site-footer">
      <p>
        {site.name} · <a href="/rss.xml">RSS</a> · <a href="/llms.txt">llms.txt</a> · No cookies, no personal data.
      </p>
    </footer>
  );
}
