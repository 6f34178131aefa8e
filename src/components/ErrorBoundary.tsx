import { Component, type ReactNode } from "react";

type Props = { children: ReactNode; resetKey: string };
type State = { failed: boolean; resetKey: string };

/** A failed query or render shows a message in the page instead of blanking the whole app. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  // Navigating elsewhere gives the next page a fresh start.
  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { failed: false, resetKey: props.resetKey };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <section role="alert">
        <h1>Something went wrong</h1>
        <p>This page could not be loaded. Check your connection and reload the page.</p>
      </section>
    );
  }
}
