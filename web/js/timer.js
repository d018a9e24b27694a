// A countdown kept as absolute times, so it stays right while the phone is locked or the app is
// hidden (JavaScript stops then): nothing counts down; every reading is `endAt - now`. Plain
// data in, plain data out, so the running session can be saved and resumed after a reload.
//   state: idle -> get-ready (3-2-1) -> running -> done; running <-> paused
// Below it, the session's own clock: how long the session ran, proof against clock jumps.
import { isoWithOffset } from './logs.js';

export const GET_READY_MS = 3000;

export function newTimer(seconds) {
  return { state: 'idle', totalMs: seconds * 1000, remainingMs: seconds * 1000, readyAt: null, endAt: null };
}

export function start(timer, now, getReadyMs = GET_READY_MS) {
  if (timer.state === 'running' || timer.state === 'get-ready' || timer.state === 'done') return timer;
  return { ...timer, state: 'get-ready', readyAt: now + getReadyMs, endAt: now + getReadyMs + timer.remainingMs };
}

// Move along with the clock: get-ready becomes running, running becomes done.
export function advance(timer, now) {
  let next = timer;
  if (next.state === 'get-ready' && now >= next.readyAt) next = { ...next, state: 'running' };
  if (next.state === 'running' && now >= next.endAt) next = { ...next, state: 'done', remainingMs: 0 };
  return next;
}

export function remainingMs(timer, now) {
  if (timer.state === 'running') return Math.max(0, timer.endAt - now);
  if (timer.state === 'get-ready') return timer.endAt - timer.readyAt;
  return timer.remainingMs;
}

export function getReadyLeft(timer, now) {
  return timer.state === 'get-ready' ? Math.max(0, Math.ceil((timer.readyAt - now) / 1000)) : 0;
}

export function pause(timer, now) {
  if (timer.state !== 'running' && timer.state !== 'get-ready') return timer;
  return { ...timer, state: 'paused', remainingMs: remainingMs(timer, now), readyAt: null, endAt: null };
}

// More time, never beyond the dose's ceiling.
export function addTime(timer, ms, capMs) {
  const extra = Math.max(0, Math.min(ms, capMs - timer.totalMs));
  if (!extra || timer.state === 'done') return timer;
  const moved = { ...timer, totalMs: timer.totalMs + extra };
  if (timer.state === 'running' || timer.state === 'get-ready') return { ...moved, endAt: timer.endAt + extra };
  return { ...moved, remainingMs: timer.remainingMs + extra };
}

// The wall clock jumped by `ms` (set back: negative): a running countdown keeps its length.
export function shift(timer, ms) {
  if (timer.state !== 'running' && timer.state !== 'get-ready') return timer;
  return { ...timer, readyAt: timer.readyAt + ms, endAt: timer.endAt + ms };
}

export function elapsedSeconds(timer, now) {
  return Math.round((timer.totalMs - remainingMs(timer, now)) / 1000);
}

export function formatClock(ms) {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

// --- the session's clock ------------------------------------------------------------------------

// How long a session has run, proof against a wall clock that jumps (set back by hand, corrected
// by the network, changed with the time zone): a log must never say it ended before it started.
//
// Time is added up step by step. Each step takes the wall clock's advance (Date.now), which keeps
// counting while the phone is locked, unless the monotonic clock (performance.now, same page
// life) shows that the wall clock went back: then the step is the monotonic one and the jump is
// reported, so that a running timer can move its end by as much. `ended_at` is `started_at` plus
// the time added up, never a fresh reading of the wall clock.

const TOLERANCE_MS = 1000;
let monoAt = null; // performance.now() at the last step, in this page's life only

export function sessionClock() {
  monoAt = performance.now();
  return { elapsedMs: 0, wallAt: Date.now() };
}

// A session read back after a reload: the monotonic clock started again, so there is nothing to
// compare the next step with; a wall clock that went back still adds nothing.
export function clockResumed() {
  monoAt = null;
}

// Add the time since the last step; returns the wall clock's jump in ms (negative when it went
// back), or 0.
export function clockTick(session) {
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
export function clockEndedAt(session) {
  const start = Date.parse(session.startedAt);
  const elapsed = session.clock ? session.clock.elapsedMs : Math.max(0, Date.now() - start);
  return isoWithOffset(new Date(start + elapsed));
}
