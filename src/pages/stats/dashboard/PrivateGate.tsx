import { Component, type ReactNode } from "react";
import { KeyPrompt } from "./KeyPrompt";
import { isPrivateError } from "./privateMode";

interface PrivateGateProps {
  /** The key the queries below were given. Mount the gate with `key={statsKey}` so a new key retries. */
  statsKey: string | undefined;
  onKey: (key: string) => void;
  /** A given key was refused: it should not be offered again on the next visit. */
  onRejected: () => void;
  children: ReactNode;
}

interface State {
  error: unknown;
}

/**
 * Catches the PRIVATE refusal of any stats query below it and shows the key
 * prompt in place of every number. Other errors go on to the page's boundary.
 */
export class PrivateGate extends Component<PrivateGateProps, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  componentDidCatch(error: unknown) {
    if (isPrivateError(error) && this.props.statsKey !== undefined) this.props.onRejected();
  }

  render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    if (!isPrivateError(error)) throw error;
    return <KeyPrompt rejected={this.props.statsKey !== undefined} onKey={this.props.onKey} />;
  }
}
