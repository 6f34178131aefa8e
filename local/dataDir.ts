// One backend per data folder: two writers appending to one log would corrupt it.
import fs from "node:fs";
import path from "node:path";

const LOCK_FILE = "LOCK";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Creates the folder (mode 0700) and takes its lock; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx", mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        fs.rmSync(file, { force: true });
      };
      // Whatever way the process ends short of a kill (a forced exit while
      // stopping, a fatal error), the folder is no longer in use after it.
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = Number.parseInt(fs.readFileSync(file, "utf8"), 10);
    if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
      throw new Error(
        `The data folder ${dataDir} is in use by another local backend (pid ${owner}${owner === process.pid ? ", this process" : ""}). ` +
          `Stop it first, or choose another folder with --data-dir / LOCAL_BACKEND_DIR.`,
      );
    }
    // Left behind by a backend that was killed: take it over.
    fs.rmSync(file, { force: true });
  }
  throw new Error(`Could not lock the data folder ${dataDir}.`);
}
