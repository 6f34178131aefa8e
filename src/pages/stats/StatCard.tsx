import type { ReactNode } from "react";

interface StatCardProps {
  id: string;
  label: string;
  value: ReactNode;
  /** Extra content under the number: a "since" line, a breakdown list. */
  children?: ReactNode;
  /** Announce changes to the number to screen readers (only where it matters). */
  live?: boolean;
  className?: string;
}

export function StatCard({ id, label, value, children, live = false, className }: StatCardProps) {
  const headingId = `stat-${id}`;
  return (
    <div className={className ? `stats-card ${className}` : "stats-card"} role="group" aria-labelledby={headingId}>
      <h2 id={headingId} className="stats-card__label">
        {label}
      </h2>
      <p className="stats-card__value" aria-live={live ? "polite" : undefined} aria-atomic={live || undefined}>
        {value}
      </p>
      {children}
    </div>
  );
}
