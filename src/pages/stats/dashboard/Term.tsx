import { useId, useState } from "react";
import { DEFINITIONS, type DefinedTerm } from "./definitions";
import "./Term.css";

/**
 * A label with its definition: a help button that shows the definition as a
 * tooltip on hover and keyboard focus, and on a tap (touch screens have no
 * hover); the definition is also the button's description for screen readers.
 * The same texts are listed under "What the numbers mean".
 */
export function Term({ term, children }: { term: DefinedTerm; children: string }) {
  const tipId = useId();
  const [open, setOpen] = useState(false);
  return (
    <span className="term">
      {children}
      <button
        type="button"
        className="term__help"
        aria-label={`What is ${children.toLowerCase()}?`}
        aria-describedby={tipId}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === "Escape") setOpen(false);
        }}
      >
        ?
      </button>
      <span role="tooltip" id={tipId} className="term__tip" data-open={open || undefined}>
        {DEFINITIONS[term]}
      </span>
    </span>
  );
}
