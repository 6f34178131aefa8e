import type { ReactNode } from "react";
import { useHead } from "../../components/head/useHead";
import "./StatsShell.css";

const HEADING_ID = "stats-heading";

/**
 * The /stats page's frame: its title, heading and intro. Small and in the
 * entry chunk, so they paint (the intro is the page's largest text) without
 * waiting for the dashboard's code, which brings the rest, the opt-out included.
 */
export function StatsShell({ children }: { children: ReactNode }) {
  useHead({ title: "Site stats", description: "Live readers and views, without cookies or personal data.", path: "/stats" });
  return (
    <section className="stats" aria-labelledby={HEADING_ID}>
      <header className="stats-header">
        <h1 id={HEADING_ID}>Site stats</h1>
        <p className="stats-intro">Live numbers that update as visitors come and go. No cookies, no personal data.</p>
      </header>
      {children}
    </section>
  );
}
