// The Chromium of the browser benches: headed on a virtual display (Xvfb) when the machine has
// one installed, as users run it; else headless. Headless Chromium skips drawing the frames of an
// edit near the bottom edge of the view while the changes panel shows a card (248 ms a key there
// against 24 ms headed, same flags, same machine: docs/PERFORMANCE.md), which no user sees.
// BENCH_HEADLESS=1 forces headless.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Every bench's flags: no sandbox (root), software rendering, nothing reaching the network. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BenchBrowser {
  browser: Browser;
  /** How it runs, for the bench's title: 'headed on Xvfb' or 'headless'. */
  mode: string;
  close(): Promise<void>;
}

/** Xvfb's path when it is installed (on PATH), else null. */
function xvfbPath(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(dir, 'Xvfb');
    if (dir && existsSync(file)) return file;
  }
  return null;
}

/** Starts Xvfb on a display number it picks itself (-displayfd); resolves with it once it accepts clients. */
function startXvfb(path: string): Promise<{ display: string; process: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, ['-displayfd', '3', '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.stdio[3]!.once('data', (chunk: Buffer) => resolve({ display: `:${chunk.toString().trim()}`, process: child }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready: ${stderr.trim()}`)));
  });
}

/** Chromium for a bench, with `extraArgs` after the common flags. */
export async function launchBenchBrowser(extraArgs: string[] = []): Promise<BenchBrowser> {
  const args = [...CHROMIUM_ARGS, ...extraArgs];
  const xvfb = process.env.BENCH_HEADLESS ? null : xvfbPath();
  if (!xvfb) {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args });
    return { browser, mode: 'headless', close: () => browser.close() };
  }
  const display = await startXvfb(xvfb);
  // never left behind, even when the bench ends early
  const stopXvfb = () => {
    process.off('exit', stopXvfb);
    display.process.kill();
  };
  process.once('exit', stopXvfb);
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args, headless: false, env: { ...process.env, DISPLAY: display.display } });
    return {
      browser,
      mode: 'headed on Xvfb',
      close: async () => {
        await browser.close();
        stopXvfb();
      },
    };
  } catch (err) {
    stopXvfb();
    throw err;
  }
}
