/** Shown wherever a query reached a read cap: a figure is never silently short. */
export function CatchingUp() {
  return (
    <p className="dash-note" role="note">
      The numbers are catching up with recent views and may be a little behind.
    </p>
  );
}
