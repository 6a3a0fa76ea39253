// Memory of the workerd processes Miniflare starts (Linux /proc): the heap can't be read through the
// inspector while an isolate relays a stream (it answers between tasks only), so the bench reads
// the process that hosts the isolate instead: its resident set, and its peak since a reset.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** The pids of running workerd processes. */
export function workerdPids() {
  const pids = new Set();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'workerd') pids.add(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

const statusField = (pid, field) =>
  Number(
    new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    )?.[1],
  ) * 1024;

/** Resident bytes now. */
export const residentBytes = (pid) => statusField(pid, 'VmRSS');

/** The peak resident bytes since the last `resetPeak` (or the start). */
export const peakResidentBytes = (pid) => statusField(pid, 'VmHWM');

/** Starts a new peak measurement (clear_refs 5 resets VmHWM to the current RSS). */
export function resetPeak(pid) {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/**
 * CPU time the process has used, in ns: the sum of its threads' run time (schedstat), which,
 * unlike requests/s, does not move with what the client and the fake provider take of the cores.
 */
export function processCpuNs(pid) {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended while we looked
    }
  }
  return ns;
}
