// Waiting for the tracker: it loads after first paint, so a test that needs
// its view recorded (a search or click counted under that visit) waits for it.
import type { Page } from "@playwright/test";

/** Runs `action` and resolves once the page has sent its first recordPageView over its socket. */
export async function tracked(page: Page, action: () => Promise<unknown>): Promise<void> {
  const sent = new Promise<void>((resolve) =>
    page.on("websocket", (socket) =>
      socket.on("framesent", ({ payload }) => {
        const text = typeof payload === "string" ? payload : payload.toString("utf8");
        if (text.includes('"stats:recordPageView')) resolve();
      }),
    ),
  );
  await action();
  await sent;
}
