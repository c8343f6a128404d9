// One process at a time on an embedded data folder: PGlite itself does not stop a second process
// from opening the same folder, and two writers would corrupt it. The lock file beside the folder
// holds the owner's process id; a lock left by a process that is gone (killed, power cut) is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(
      `La carpeta de datos ${dataDir} está en uso por el proceso ${pid} (¿el servidor está en marcha?): deténgalo primero. / The data folder ${dataDir} is in use by process ${pid} (is the server running?): stop it first.`,
    );
  }
}

export function lockFileOf(dataDir: string): string {
  return join(dirname(dataDir), `${basename(dataDir)}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock or throws `DataDirLockedError`; returns the function that releases it. */
export function lockDataDir(dataDir: string): () => void {
  const file = lockFileOf(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (Number(readFileSync(file, 'utf8')) === process.pid) rmSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (owner && owner !== process.pid && alive(owner)) throw new DataDirLockedError(dataDir, owner);
      // Stale: its process is gone. (Our own pid means an earlier open in this process was not closed.)
      if (owner === process.pid) throw new DataDirLockedError(dataDir, owner);
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(dataDir, 0);
}
