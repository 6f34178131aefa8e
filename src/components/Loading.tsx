import "./Loading.css";

/** Placeholder while a query is in flight; announced once to screen readers. */
export function Loading({ label = "Loading" }: { label?: string }) {
  return (
    <div className="skeleton" role="status" data-loading>
      <span className="visually-hidden">{label}…</span>
      <div className="skeleton-line skeleton-title" aria-hidden="true" />
      <div className="skeleton-line" aria-hidden="true" />
      <div className="skeleton-line" aria-hidden="true" />
      <div className="skeleton-line skeleton-short" aria-hidden="true" />
    </div>
  );
}
