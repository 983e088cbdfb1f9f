// Runs benchmark modules on V8 the way the Java harness runs them on Chicory: instantiate, init, one
// checked run, warm-up (so TurboFan has tiered up), then timed runs of `run`, one sample per run.
// Usage: node engine-bench.mjs cpu|wall WARMUP_MS SAMPLE_MS MIN_SAMPLES MAX_SAMPLES NAME=FILE.wasm...
// Prints one line per module: NAME FIRST_RESULT NS,NS,...
// With "cpu", samples are the process's CPU time (microsecond resolution; after warm-up V8's helper
// threads are idle, so this is the time of the thread running the module); with "wall", hrtime.
import { readFileSync } from 'node:fs';

const cpuClock = process.argv[2] === 'cpu';
const [warmupMs, sampleMs, minSamples, maxSamples] = process.argv.slice(3, 7).map(Number);
const now = () => process.hrtime.bigint();
const sampleNow = () => {
  if (!cpuClock) {
    return Number(process.hrtime.bigint());
  }
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
};

for (const arg of process.argv.slice(7)) {
  const eq = arg.indexOf('=');
  const name = arg.slice(0, eq);
  const { instance } = await WebAssembly.instantiate(readFileSync(arg.slice(eq + 1)));
  const { init, run } = instance.exports;
  init();
  const first = run();
  let sink = 0;
  let start = now();
  for (let runs = 0; runs < 10 || Number(now() - start) / 1e6 < warmupMs; runs++) {
    sink += Number(run());
  }
  const samples = [];
  start = now();
  while (samples.length < maxSamples && (samples.length < minSamples || Number(now() - start) / 1e6 < sampleMs)) {
    const t0 = sampleNow();
    sink += Number(run());
    samples.push(sampleNow() - t0);
  }
  if (Number.isNaN(sink)) {
    console.error('unexpected NaN');
  }
  console.log(`${name} ${first} ${samples.join(',')}`);
}
