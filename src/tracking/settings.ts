// Build-time tracking settings (Vite env variables; README lists them).

export interface TrackingSettings {
  /** Send nothing from browsers with Do Not Track or Global Privacy Control on. */
  honourDoNotTrack: boolean;
  /**
   * Count automated browsers (navigator.webdriver, headless and bot user
   * agents). Only the dev server can turn it on, for the end-to-end tests and
   * benchmarks: `import.meta.env.DEV` is the constant false in a production
   * build, so the bundler removes the branch and no visitor can flip it.
   */
  countAutomation: boolean;
}

export const trackingSettings: TrackingSettings = {
  honourDoNotTrack: import.meta.env.VITE_HONOUR_DNT !== "false",
  countAutomation: import.meta.env.DEV && import.meta.env.VITE_COUNT_AUTOMATION === "true",
};
