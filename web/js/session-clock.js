// How long a session has run, proof against a wall clock that jumps (set back by hand, corrected
// by the network, changed with the time zone): a log must never say it ended before it started.
//
// Time is added up step by step. Each step takes the wall clock's advance (Date.now), which keeps
// counting while the phone is locked, unless the monotonic clock (performance.now, same page
// life) shows that the wall clock went back: then the step is the monotonic one and the jump is
// reported, so that a running timer can move its end by as much. `ended_at` is `started_at` plus
// the time added up, never a fresh reading of the wall clock.
import { isoWithOffset } from './logs.js';

const TOLERANCE_MS = 1000;
let monoAt = null; // performance.now() at the last step, in this page's life only

export function started() {
  monoAt = performance.now();
  return { elapsedMs: 0, wallAt: Date.now() };
}

// A session read back after a reload: the monotonic clock started again, so there is nothing to
// compare the next step with; a wall clock that went back still adds nothing.
export function resumed() {
  monoAt = null;
}

// Add the time since the last step; returns the wall clock's jump in ms (negative when it went
// back), or 0.
export function tick(session) {
  const clock = session?.clock;
  if (!clock) return 0;
  const wall = Date.now();
  const mono = performance.now();
  const wallStep = wall - clock.wallAt;
  const monoStep = monoAt === null ? null : mono - monoAt;
  let step = wallStep;
  let jump = 0;
  if (monoStep !== null && wallStep < monoStep - TOLERANCE_MS) {
    step = monoStep;
    jump = wallStep - monoStep;
  } else if (wallStep < 0) {
    step = 0;
    jump = wallStep;
  }
  clock.elapsedMs += Math.max(0, step);
  clock.wallAt = wall;
  monoAt = mono;
  return jump;
}

// The session's end as the log records it: its start plus the time it ran.
export function endedAt(session) {
  const start = Date.parse(session.startedAt);
  const elapsed = session.clock ? session.clock.elapsedMs : Math.max(0, Date.now() - start);
  return isoWithOffset(new Date(start + elapsed));
}
