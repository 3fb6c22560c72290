// node bench/profile-summary.js <file.cpuprofile> [top] [--window=FROM-TO] [--timeline]: where a V8 CPU
// profile spent its time, by function (self time) and by package or Sesame folder (self time summed).
// --window keeps the samples between FROM and TO seconds after the profile started (skip start-up);
// --timeline prints the busy (non-idle) milliseconds of each second, to find the windows;
// --inclusive adds inclusive time by function (which hook or step costs what); --phase=TEXT keeps
// only the measured runs whose name contains TEXT (e.g. --phase="1000 groups, unchanged").
import { readFileSync } from 'node:fs';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const window = /^--window=([\d.]+)-([\d.]+)$/.exec(process.argv.find((a) => a.startsWith('--window=')) ?? '');
const phase = process.argv.find((a) => a.startsWith('--phase='))?.slice('--phase='.length);
const timeline = process.argv.includes('--timeline');
const [file, topArg] = positional;
if (!file) {
  console.error('usage: node bench/profile-summary.js <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
/** --phase=TEXT: only the runs whose label contains TEXT (marks written by the bench next to the profile). */
let phaseWindows = null;
if (phase) {
  const marks = JSON.parse(readFileSync(file.replace(/\.cpuprofile$/, '.marks.json'), 'utf8'));
  phaseWindows = [];
  marks.forEach((mark, i) => {
    if (mark.label?.includes(phase) && marks[i + 1]) phaseWindows.push([mark.us, marks[i + 1].us]);
  });
  console.log(`phase "${phase}": ${phaseWindows.length} runs, ${(phaseWindows.reduce((s, [a, b]) => s + b - a, 0) / 1e6).toFixed(1)} s`);
}
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const samples = profile.samples ?? [];
const deltas = profile.timeDeltas ?? [];
const busyBySecond = [];
let at = 0;
for (let i = 0; i < samples.length; i++) {
  at += deltas[i] ?? 0;
  const second = Math.floor(at / 1e6);
  const idle = byId.get(samples[i]).callFrame.functionName === '(idle)';
  if (!idle) busyBySecond[second] = (busyBySecond[second] ?? 0) + (deltas[i] ?? 0);
  if (window && (at < Number(window[1]) * 1e6 || at > Number(window[2]) * 1e6)) continue;
  const absolute = profile.startTime + at;
  if (phaseWindows && !phaseWindows.some(([from, to]) => absolute >= from && absolute <= to)) continue;
  self.set(samples[i], (self.get(samples[i]) ?? 0) + (deltas[i] ?? 0));
}
if (timeline) {
  console.log('second: busy ms');
  busyBySecond.forEach((us, second) =>
    console.log(`  ${String(second).padStart(4)}: ${'#'.repeat(Math.round((us ?? 0) / 20000))} ${((us ?? 0) / 1000).toFixed(0)}`),
  );
}
const total = [...self.values()].reduce((sum, us) => sum + us, 0);

function where(frame) {
  const url = frame.url || '';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const own = /\/dist\/(.+?)\/[^/]+\.js$/.exec(url)?.[1];
  if (own) return `sesame:${own}`;
  // node:internal/deps/undici (fetch), node:internal/streams…: one level below internal says who.
  if (url.startsWith('node:internal/deps/')) return `node:${url.split('/')[2]}`;
  if (url.startsWith('node:internal/')) return `node:internal/${url.split('/')[1]}`;
  if (url.startsWith('node:')) return url;
  return url ? url.replace(/^.*\//, '') : frame.functionName.startsWith('(') ? frame.functionName : '(native)';
}

const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
/** Inclusive time: a sample counts once for every package or folder on its stack. */
const inclusive = new Map();
for (const [id, us] of self) {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const place = where(byId.get(at).callFrame);
    if (place.startsWith('(') || seen.has(place)) continue;
    seen.add(place);
    inclusive.set(place, (inclusive.get(place) ?? 0) + us);
  }
}
/** Inclusive time by function, for finding which hook or step costs what. */
const inclusiveFunctions = new Map();
for (const [id, us] of self) {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const { callFrame } = byId.get(at);
    if (callFrame.functionName.startsWith('(')) continue;
    const name = `${callFrame.functionName || '(anonymous)'}  ${where(callFrame)}:${callFrame.lineNumber + 1}`;
    if (seen.has(name)) continue;
    seen.add(name);
    inclusiveFunctions.set(name, (inclusiveFunctions.get(name) ?? 0) + us);
  }
}
const byFunction = new Map();
const byPlace = new Map();
for (const [id, us] of self) {
  const { callFrame } = byId.get(id);
  const name = `${callFrame.functionName || '(anonymous)'}  ${where(callFrame)}:${callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  byPlace.set(where(callFrame), (byPlace.get(where(callFrame)) ?? 0) + us);
}
const show = (title, map, n) => {
  console.log(`\n${title}`);
  for (const [name, us] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
show('Self time by package / folder', byPlace, 25);
show('Inclusive time by package / folder (a sample counts for every one on its stack)', inclusive, 30);
show('Self time by function', byFunction, top);
if (process.argv.includes('--inclusive')) show('Inclusive time by function', inclusiveFunctions, top);
