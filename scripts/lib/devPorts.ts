// `npm run dev` checks its ports before it starts anything, so a port in use
// is reported as such (which port, which variable moves it) instead of
// surfacing as a backend or sync failure.
import { createServer } from "node:net";

export interface PortClaim {
  port: number;
  /** The environment variable that moves it. */
  variable: string;
  /** What listens there, for the message. */
  what: string;
  /** The addresses the server will bind: taken on any of them is taken. */
  hosts: string[];
}

/** True when something else already listens on `port` at `host`. */
export function isPortTaken(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "EADDRINUSE"));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

export function portTakenMessage(claim: PortClaim): string {
  return (
    `Port ${claim.port} (${claim.what}) is already in use. ` +
    `Stop what is listening there, or choose another port with ${claim.variable}, e.g. ${claim.variable}=${claim.port + 1} npm run dev`
  );
}

/** The message for the first claimed port that is taken, or null when all are free. */
export async function firstTakenPort(claims: PortClaim[]): Promise<string | null> {
  for (const claim of claims) {
    for (const host of claim.hosts) {
      if (await isPortTaken(claim.port, host)) return portTakenMessage(claim);
    }
  }
  return null;
}
