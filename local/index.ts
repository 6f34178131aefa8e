// Public entry points of the local backend (tests, benchmarks, scripts).
export { startLocalBackend, STATUS_PATH, type LocalBackend, type LocalBackendOptions } from "./backend.ts";
export { readAdminKey } from "./adminKey.ts";
export { DEFAULT_PORT, defaultDataDir, defaultPort, localBackendUrl, REPO_ROOT } from "./config.ts";
export {adminHttpClient, type AdminHttpClient} from "./adminClient.ts";
