// The site's own build-time settings (README, "Tracking settings").
interface ImportMetaEnv {
  readonly VITE_CONVEX_URL?: string;
  readonly VITE_HONOUR_DNT?: string;
  readonly VITE_COUNT_AUTOMATION?: string;
}
