// A countdown kept as absolute times, so it stays right while the phone is locked or the app is
// hidden (JavaScript stops then): nothing counts down; every reading is `endAt - now`. Plain
// data in, plain data out, so the running session can be saved and resumed after a reload.
//   state: idle -> get-ready (3-2-1) -> running -> done; running <-> paused
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
