import { useId, useState, type FormEvent } from "react";
import "./FieldRow.css";
import "./KeyPrompt.css";

interface KeyPromptProps {
  /** A key was tried and refused. */
  rejected: boolean;
  onKey: (key: string) => void;
}

/** Private mode without a valid key: no numbers, only a way in. */
export function KeyPrompt({ rejected, onKey }: KeyPromptProps) {
  const inputId = useId();
  const hintId = useId();
  const [value, setValue] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const key = value.trim();
    if (key !== "") onKey(key);
  };
  return (
    <form className="stats-key" onSubmit={submit} aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>These stats are private</h2>
      <p id={hintId}>Enter the owner's key, or open the share link you were given. This browser remembers the key.</p>
      {rejected && (
        <p role="alert" className="stats-key__error">
          That key was not accepted.
        </p>
      )}
      <label htmlFor={inputId}>Stats key</label>
      <div className="field-row">
        <input
          id={inputId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={hintId}
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit">Show stats</button>
      </div>
    </form>
  );
}
