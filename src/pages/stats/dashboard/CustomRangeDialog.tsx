import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useQuery } from "convex/react";
import { api } from "../../../../convex/_generated/api";
import type { CustomRange } from "../../../../convex/validators";
import { customRangeError, dayInZone } from "./chartParams";

const FOCUSABLE = "button, input";
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A small modal form: two native date inputs (keyboard and screen-reader
 * friendly everywhere), checked as the server checks them, with the reason
 * next to the field. Days are the site's days, in its time zone.
 */
export function CustomRangeDialog({
  initial,
  onApply,
  onClose,
}: {
  initial: CustomRange | null;
  onApply: (range: CustomRange) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const fromId = useId();
  const toId = useId();
  const errorId = useId();
  const timeZone = useQuery(api.dashboard.settings, {})?.timeZone ?? "UTC";
  const [now] = useState(() => Date.now());
  const today = dayInZone(now, timeZone);
  const [from, setFrom] = useState(initial?.from ?? dayInZone(now - 6 * DAY_MS, timeZone));
  const [to, setTo] = useState(initial?.to ?? today);
  const [error, setError] = useState<ReturnType<typeof customRangeError>>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    dialog.querySelector<HTMLInputElement>("input")?.focus();
    return () => opener?.focus();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = customRangeError({ from, to }, today);
    setError(problem);
    if (problem === null) onApply({ from, to });
    else document.getElementById(problem.field === "from" ? fromId : toId)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key !== "Tab") return;
    const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };

  const invalid = (field: "from" | "to") => error?.field === field || undefined;
  return (
    <dialog
      ref={ref}
      className="dash-details dash-dates"
      aria-labelledby={headingId}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={headingId}>Custom range</h2>
        <p className="dash-note">Whole days in the site's time zone ({timeZone}), both included.</p>
        <div className="dash-dates__fields">
          <label htmlFor={fromId}>
            From
            <input
              id={fromId}
              type="date"
              value={from}
              max={today}
              required
              aria-invalid={invalid("from")}
              aria-describedby={error?.field === "from" ? errorId : undefined}
              onChange={(event) => setFrom(event.target.value)}
            />
          </label>
          <label htmlFor={toId}>
            To
            <input
              id={toId}
              type="date"
              value={to}
              max={today}
              required
              aria-invalid={invalid("to")}
              aria-describedby={error?.field === "to" ? errorId : undefined}
              onChange={(event) => setTo(event.target.value)}
            />
          </label>
        </div>
        <p id={errorId} className="dash-dates__error" role="alert">
          {error?.message}
        </p>
        <div className="dash-dates__actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="dash-dates__apply">
            Show these days
          </button>
        </div>
      </form>
    </dialog>
  );
}
