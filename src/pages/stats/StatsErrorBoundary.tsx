import { Component, type ReactNode } from "react";

interface State {
  failed: boolean;
}

/**
 * useQuery throws when getStats fails on the server (for example before the
 * backend is deployed); that should cost this page, not the whole site.
 */
export class StatsErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div role="alert" className="stats-error">
        <p>The stats could not be loaded.</p>
        <button type="button" onClick={() => this.setState({ failed: false })}>
          Try again
        </button>
      </div>
    );
  }
}
