// Request bodies are held in memory until they are whole, so they share one
// budget over all connections: a client that starts many large uploads and
// stops sending cannot make the backend hold hundreds of megabytes. A body
// that would go past the budget is refused at once (503), and one that sends
// nothing for a while is cut off (408); either way its bytes are let go.
import type { IncomingMessage } from "node:http";
import { clearTimeout, setTimeout } from "node:timers";
import { BODY_IDLE_TIMEOUT_MS, MAX_BODY_BYTES_IN_FLIGHT } from "./limits.ts";

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 408 | 413 | 503,
    message: string,
  ) {
    super(message);
    this.name = "BodyError";
  }
}

export class BodyBudget {
  private inFlight = 0;

  constructor(
    readonly limit = MAX_BODY_BYTES_IN_FLIGHT,
    readonly idleTimeoutMs = BODY_IDLE_TIMEOUT_MS,
  ) {}

  /** Bytes of unfinished bodies held now. */
  get bytesInFlight() {
    return this.inFlight;
  }

  /** The whole body, or a BodyError; a refused body stops being read and its bytes are released. */
  read(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
      return Promise.reject(new BodyError(413, `request body over ${maxBytes} bytes`));
    }
    // A declared length is taken from the budget up front, so a body that
    // cannot fit is refused before a byte of it is read.
    const reserved = Number.isFinite(declared) && declared > 0 ? declared : 0;
    if (this.inFlight + reserved > this.limit) {
      return Promise.reject(new BodyError(503, `the local backend is receiving ${this.limit} bytes of request bodies already; try again`));
    }
    this.inFlight += reserved;
    return new Promise((resolve, reject) => {
      let chunks: Buffer[] = [];
      let size = 0;
      let held = reserved;
      let timer: NodeJS.Timeout | null = null;
      let done = false;
      const finish = (error: BodyError | null) => {
        if (done) return;
        done = true;
        if (timer !== null) clearTimeout(timer);
        req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
        this.inFlight -= held;
        held = 0;
        if (error === null) {
          resolve(Buffer.concat(chunks));
          return;
        }
        chunks = [];
        // Nothing more is read; the answer closes the connection.
        req.pause();
        reject(error);
      };
      const arm = () => {
        if (timer !== null) clearTimeout(timer);
        timer = setTimeout(
          () => finish(new BodyError(408, `request body stalled: nothing received for ${this.idleTimeoutMs} ms`)),
          this.idleTimeoutMs,
        );
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return finish(new BodyError(413, `request body over ${maxBytes} bytes`));
        // Bytes past what was reserved (none when no length was declared) are taken as they come.
        const extra = Math.max(0, size - held);
        if (this.inFlight + extra > this.limit) {
          return finish(new BodyError(503, `the local backend is receiving ${this.limit} bytes of request bodies already; try again`));
        }
        this.inFlight += extra;
        held += extra;
        chunks.push(chunk);
        arm();
      };
      const onEnd = () => finish(null);
      const onError = (error: Error) => finish(new BodyError(400, `request body failed: ${error.message}`));
      const onClose = () => finish(new BodyError(400, "the client closed the connection before the body ended"));
      req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
      arm();
    });
  }
}
