import { Component, type ReactNode } from "react";
import { isPrivateError } from "./privateMode";

interface State {
  error: unknown;
}

/** One failing panel costs that panel only; a private-mode refusal goes up to the key prompt. */
export class PanelBoundary extends Component<{ label: string; children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    if (isPrivateError(error)) throw error;
    return (
      <div role="alert" className="dash-panel dash-panel--error">
        <p>{this.props.label} could not be loaded.</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
