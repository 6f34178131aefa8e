// Without a configured deployment the site talks to the local backend
// (`npm run dev`), which listens on 127.0.0.1:3210 unless told otherwise.
export const LOCAL_BACKEND_URL = "http://127.0.0.1:3210";

export function convexUrl(env: Record<string, string | undefined> = import.meta.env): string {
  return env.VITE_CONVEX_URL || LOCAL_BACKEND_URL;
}
