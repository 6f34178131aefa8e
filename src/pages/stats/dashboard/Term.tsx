import { useId } from "react";
import { DEFINITIONS, type DefinedTerm } from "./definitions";

/**
 * A label with its definition: a help button that shows the definition as a
 * tooltip on hover and focus, and names it as the button's description for
 * screen readers. The same texts are listed under "What the numbers mean".
 */
export function Term({ term, children }: { term: DefinedTerm; children: string }) {
  const tipId = useId();
  return (
    <span className="term">
      {children}
      <button
        type="button"
        className="term__help"
        aria-label={`What is ${children.toLowerCase()}?`}
        aria-describedby={tipId}
      >
        ?
      </button>
      <span role="tooltip" id={tipId} className="term__tip">
        {DEFINITIONS[term]}
      </span>
    </span>
  );
}
