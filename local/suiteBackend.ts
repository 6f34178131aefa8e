// One local backend per test file, in a temporary data folder.
import { afterAll, beforeAll } from "vitest";
import { startLocalBackend, type LocalBackend, type LocalBackendOptions } from "./backend.ts";
import { makeTempDir } from "./testing.ts";

/**
 * Starts a backend before the file's tests and stops it (and removes its
 * data) after them. Returns a getter: the backend exists only once
 * `beforeAll` has run.
 */
export function suiteBackend(options: Omit<LocalBackendOptions, "dataDir"> = {}): () => LocalBackend {
  let backend: LocalBackend | undefined;
  let temp: ReturnType<typeof makeTempDir> | undefined;
  beforeAll(async () => {
    temp = makeTempDir();
    backend = await startLocalBackend({ port: 0, quiet: true, watch: false, ...options, dataDir: temp.dir });
  });
  afterAll(async () => {
    await backend?.close();
    temp?.remove();
  });
  return () => {
    if (backend === undefined) throw new Error("the suite's backend is not running (use it inside a test)");
    return backend;
  };
}
