export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(quiet: boolean): Logger {
  const prefix = "[local-backend]";
  if (quiet) return { info: () => undefined, warn: () => undefined, error: () => undefined };
  return {
    info: (m) => console.log(`${prefix} ${m}`),
    warn: (m) => console.warn(`${prefix} ${m}`),
    error: (m) => console.error(`${prefix} ${m}`),
  };
}
