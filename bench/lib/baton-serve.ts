import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const BANNER = /Baton listening on (http:\/\/127\.0\.0\.1:\d+)\/\?token=([A-Za-z0-9_-]+)/;
/** A loaded 2-core VM can take several seconds to start Node and open the store. */
const START_TIMEOUT_MS = 30_000;
/** After SIGTERM the engine stops its agents as trees; past this it is killed. */
const STOP_GRACE_MS = 15_000;

export interface BatonServe {
  child: ChildProcess;
  baseUrl: string;
  token: string;
  /** SIGTERM, then SIGKILL after the grace period. */
  stop(): Promise<void>;
}

/** `baton serve <workflow> --port 0` from the built CLI under `root`, resolved once its banner says where it listens. */
export async function startBatonServe(root: string, workflow: string, env: NodeJS.ProcessEnv): Promise<BatonServe> {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'baton.js'), 'serve', workflow, '--port', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-10_000)));
  const banner = await new Promise<RegExpExecArray>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`baton serve did not start:\n${stderr}`)), START_TIMEOUT_MS);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = BANNER.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`baton serve exited with ${code}:\n${stderr}`));
    });
  });
  return { child, baseUrl: banner[1]!, token: banner[2]!, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, STOP_GRACE_MS))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
