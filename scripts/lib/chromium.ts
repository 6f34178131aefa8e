// Debian's Chromium, shared by the end-to-end tests and the live benchmark.
// Nothing is downloaded: `apt-get install -y chromium` provides the binary.

export const CHROMIUM_PATH = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Runs as root in a container (no sandbox, no GPU), and never phones home:
 * without the background-networking flags Chromium keeps trying hosts this
 * offline machine cannot reach.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
