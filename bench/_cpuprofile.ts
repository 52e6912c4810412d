// Reads a Chromium CPU profile (CDP Profiler.stop's answer, a .cpuprofile) of the built client and
// says where its time went: self time by source module (through the build's source maps: a
// package of node_modules or a file of ours) and the heaviest functions. For the profiling runs of
// bench/large-typing.ts; source-map-js is Vite's own dependency (no package of ours).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceMapConsumer } from 'source-map-js';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
export interface CpuProfile { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[]; startTime: number; endTime: number }

/** A module's name for the summary: the package of a node_modules path, else the path from the repository. */
function moduleOf(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = source.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  return source.replace(/^(\.\.\/)+/, '').replace(/^.*?\/(client|shared)\//, '$1/');
}

/** The summary of `profile` as text, the client's assets in `dir` (with their .map files). */
export function profileSummary(profile: CpuProfile, dir: string, top = 25): string {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [], deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  const maps = new Map<string, SourceMapConsumer | null>();
  const consumer = (url: string): SourceMapConsumer | null => {
    if (!maps.has(url)) {
      const file = url.includes('/assets/') ? join(dir, new URL(url).pathname) + '.map' : '';
      maps.set(url, file && existsSync(file) ? new SourceMapConsumer(JSON.parse(readFileSync(file, 'utf8'))) : null);
    }
    return maps.get(url)!;
  };
  const byModule = new Map<string, number>(), byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const t = self.get(node.id) ?? 0;
    if (!t) continue;
    total += t;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    let module = url ? url.replace(/^https?:\/\/[^/]+/, '') : functionName || '(native)';
    let name = functionName || '(anonymous)';
    const map = url && lineNumber >= 0 ? consumer(url) : null;
    if (map) {
      const pos = map.originalPositionFor({ line: lineNumber + 1, column: columnNumber });
      if (pos.source) {
        module = moduleOf(pos.source);
        name = `${functionName || pos.name || '(anonymous)'} (${pos.source.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, '')}:${pos.line})`;
      }
    }
    if (!url) name = functionName;
    byModule.set(module, (byModule.get(module) ?? 0) + t);
    byFunction.set(name, (byFunction.get(name) ?? 0) + t);
  }
  const lines = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, v]) => `${v.toFixed(1).padStart(9)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  return [`CPU profile: ${total.toFixed(0)} ms sampled`, 'self time by module:', ...lines(byModule), 'self time by function:', ...lines(byFunction)].join('\n');
}
