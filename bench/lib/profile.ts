import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the app server's CPU goes (BENCH_CPU_PROFILE=1): `next start` runs with --cpu-prof, and
 * the profile written at its exit is cut to the load window (V8's sample timestamps and
 * process.hrtime share the monotonic clock) and summed by self time per package and per function.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  sampledMs: number;
  /** Share of sampled time, by where the running code lives. */
  byPackage: { what: string; share: number }[];
  /** The functions with the most self time. */
  byFunction: { what: string; share: number }[];
}

/** Microseconds on the monotonic clock V8 stamps profile samples with. */
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

function packageOf(url: string): string {
  if (!url) return '(native / V8 / GC)';
  if (url.startsWith('node:')) return 'node core';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.includes('/.next/server/chunks/') || url.includes('/.next/server/app/')) return 'app bundle (.next chunks: app code, bundled libraries)';
  return path.basename(url);
}

export function summariseProfile(dir: string, fromMicros: number, toMicros: number): ProfileSummary | null {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) return null;
  // The biggest profile is the server process (next start may leave a short-lived parent too).
  const sized = files.map((f) => ({ f, size: readFileSync(path.join(dir, f)).length })).sort((a, b) => b.size - a.size);
  const file = path.join(dir, sized[0]!.f);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < fromMicros || t > toMicros) continue;
    const id = profile.samples[i]!;
    const node = byId.get(id);
    if (node && node.callFrame.functionName === '(idle)') continue;
    self.set(id, (self.get(id) ?? 0) + delta);
    total += delta;
  }
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    const pkg = frame.functionName === '(garbage collector)' ? 'garbage collector' : frame.functionName === '(program)' ? '(program: V8, native)' : packageOf(frame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const fn = `${frame.functionName || '(anonymous)'} ${frame.url ? `${packageOf(frame.url)}:${frame.lineNumber + 1}` : ''}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([what, us]) => ({ what, share: Math.round((us / Math.max(total, 1)) * 1000) / 1000 }));
  return { file, sampledMs: Math.round(total / 1000), byPackage: top(byPackage, 12), byFunction: top(byFunction, 20) };
}
