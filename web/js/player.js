// The guided session as a state machine, saved to IndexedDB after every change so that a reload,
// a crash or a dead battery resumes at the same action with the right time left.
//
//   gate -> blocked                               (a blocking answer: the log is saved at once)
//   gate -> setup -> action ... -> finish -> saved
//                    action -> leg-change -> action   (a full-screen card between legs and blocks)
//                    any action --stop--> stopped -> saved
//
// Setup and the actions are reachable only through a passed gate: no path starts a session
// without the safety check. Views render this state and call these functions; cues.js turns the
// events emitted here into speech, chime and vibration.
import { get, put, remove } from './db.js';
import { saveLog, logOf, isoWithOffset, clipText } from './logs.js';
import { markSessionRunning } from './local-state.js';
import { expandFlow, coveredLegs, doseTarget } from './flow.js';
import * as gates from './gate-plan.js';
import * as timers from './timer.js';
import { t } from './i18n.js';

const KEY = 'activeSession';
// A log is saved once, whole, when the owner taps Save (saving it again with more in it would
// look like a different log to the clinic). An ending left unsaved this long is saved as it is.
const UNSAVED_ENDING_MS = 30 * 60 * 1000;
const listeners = new Set();
let session = null;
let routine = null;
let sequence = [];
let lastSaved = null;

export const onPlayerEvent = (listener) => listeners.add(listener);
const emit = (type, detail = {}) => listeners.forEach((listener) => listener({ type, ...detail }));

export const active = () => session;
export const lastSavedLog = () => lastSaved;
export const currentItem = () => (['action', 'leg-change'].includes(session?.phase) ? sequence[session.position] : null);
export const previousItem = () => (session?.position > 0 ? sequence[session.position - 1] : null);
export const sequenceLength = () => sequence.length;

// The running session, if any, bound to this routine. A session made with other content (the app
// updated in between) cannot be followed any more: its log is saved as interrupted.
export async function loadActive(routineJson) {
  routine = routineJson;
  const saved = await get('state', KEY);
  if (!saved) return (session = null);
  session = saved;
  timers.clockResumed();
  if (session.contentVersion !== routine.version && session.phase !== 'blocked') {
    // The note goes into the log in the owner's language, as a note they typed would.
    await stop('interrupted', t('the app was updated during the session'));
    return session;
  }
  if (!session.gate.passed && ['setup', 'action', 'leg-change', 'finish'].includes(session.phase)) session.phase = 'gate'; // never past an unpassed gate
  sequence = expandFlow(routine, session.legs);
  if (['finish', 'stopped'].includes(session.phase) && Date.now() - Date.parse(session.endedAt) > UNSAVED_ENDING_MS) {
    await save(null);
  }
  return session;
}

// A new session for the dog's legs that the routine covers. `extra`: the day's target was met
// and the owner confirmed another one; the log says so.
export async function begin(dog, routineJson, appBuild, { extra = false } = {}) {
  routine = routineJson;
  lastSaved = null;
  const legs = coveredLegs(routine, dog.legs);
  sequence = expandFlow(routine, legs);
  session = {
    id: crypto.randomUUID(),
    dog: { id: dog.id, name: dog.name },
    legs,
    extra,
    contentVersion: routine.version,
    contentLocale: routine.locale,
    appBuild: appBuild || null,
    startedAt: isoWithOffset(),
    endedAt: null,
    clock: timers.sessionClock(),
    phase: 'gate',
    gate: gates.newGate(routine, dog.id),
    position: 0,
    records: sequence.map((item) => ({
      leg: item.leg, step_id: item.step.id, action_id: item.action.id, target: doseTarget(item.action.dose),
      status: 'not_reached', reps: null, seconds: null, per_count: null,
    })),
    kicking: {}, // leg -> 'excessive', as recorded during the session: the finish screen starts from it
    pacedCount: Boolean(dog.pacedCount), // the dog's remembered choice: count screens start paced
    timer: null,
    reps: null,
    stopReason: null,
    stopNote: null,
  };
  await persist();
  return session;
}

// --- the safety gate ---------------------------------------------------------------------------

export const currentQuestion = () => (session?.phase === 'gate' ? gates.current(routine, session.gate) : null);
export const gateProgress = () => gates.progress(routine, session.gate);

export async function answer(value) {
  const question = currentQuestion();
  if (!question || !['yes', 'no'].includes(value)) return;
  const outcome = gates.record(routine, session.gate, question, value);
  if (outcome === 'blocked') return block();
  if (outcome === 'passed') {
    gates.remember(routine, session.gate, session.dog.id);
    session.phase = 'setup';
  }
  await persist();
}

async function block() {
  session.phase = 'blocked';
  catchUp();
  session.endedAt = timers.clockEndedAt(session);
  await saveLog(logOf(session, 'blocked'));
  await persist();
  emit('blocked');
}

// What the blocked screen says: the question that blocked, and the graduation answer if any.
export const blockedBy = () => gates.blockedBy(routine, session.gate);

// --- the exercises -----------------------------------------------------------------------------

export async function startExercises() {
  if (session?.phase !== 'setup' || !session.gate.passed) return;
  session.phase = 'action';
  session.position = 0;
  enterAction();
  await persist();
  emit('action', { item: currentItem(), first: true });
}

function enterAction() {
  const { dose } = currentItem().action;
  session.timer = dose.type === 'duration' ? timers.newTimer(dose.min ?? dose.max) : null;
  session.reps = dose.type === 'reps' ? { count: 0, total: 0, perCount: 1, paced: Boolean(session.pacedCount), pacing: false } : null;
}

const record = () => session.records[session.position];

export async function startTimer(now = Date.now()) {
  if (!session?.timer) return;
  catchUp();
  session.timer = timers.start(session.timer, now);
  await persist();
  emit('timer-started');
}

export async function pauseTimer(now = Date.now()) {
  catchUp();
  session.timer = timers.pause(session.timer, now);
  await persist();
}

export async function addThirtySeconds() {
  const { dose } = currentItem().action;
  session.timer = timers.addTime(session.timer, 30_000, dose.max * 1000);
  await persist();
}

export const canAddTime = () => Boolean(session?.timer) && session.timer.totalMs < currentItem().action.dose.max * 1000
  && session.timer.state !== 'done';

// Called on every tick, on visibilitychange and on pageshow: catch up with the clock. A wall
// clock set back while the timer runs moves its end back by as much (session-clock.js).
export async function tick(now = Date.now()) {
  if (!session?.timer) return;
  catchUp();
  const before = session.timer.state;
  session.timer = timers.advance(session.timer, now);
  if (session.timer.state === before) return;
  // Cues for moments that passed while the phone was locked would only startle: mark them late.
  if (session.timer.state === 'running') emit('timer-running', { late: now - session.timer.readyAt > 2000 });
  if (session.timer.state === 'done') {
    Object.assign(record(), { status: 'completed', seconds: Math.round(session.timer.totalMs / 1000) });
    emit('timer-done', { item: currentItem(), late: now - session.timer.endAt > 2000 });
  }
  await persist();
}

export async function finishEarly(now = Date.now()) {
  if (!session?.timer) return;
  catchUp();
  const seconds = timers.elapsedSeconds(session.timer, now);
  session.timer = { ...timers.pause(session.timer, now), state: 'done', remainingMs: 0 };
  Object.assign(record(), { status: seconds > 0 ? 'completed' : 'skipped', seconds });
  await persist();
  emit('finished-early');
}

export async function countRep() {
  const reps = session?.reps;
  const { dose } = currentItem()?.action ?? {};
  if (!reps || reps.done || reps.count >= dose.max) return;
  reps.count += 1;
  reps.total += 1;
  if (reps.count >= dose.max && !dose.per) return completeReps('reps-done');
  if (reps.count >= dose.max) reps.pacing = false; // this toe is done: the next starts on a tap
  emit('rep', { count: reps.count, reachedMin: dose.min !== null && reps.count === dose.min, perDone: dose.per && reps.count >= dose.max });
  await persist();
}

// "Each toe 10 times": the count starts again for the next toe.
export async function nextPer() {
  const reps = session?.reps;
  if (!reps || reps.done || reps.count === 0) return;
  reps.perCount += 1;
  reps.count = 0;
  await persist();
  emit('next-per', { perCount: reps.perCount });
}

export async function finishReps() {
  return completeReps('finished-early');
}

async function completeReps(eventType) {
  const reps = session.reps;
  const { dose } = currentItem().action;
  reps.done = true;
  reps.pacing = false;
  Object.assign(record(), {
    status: reps.total > 0 ? 'completed' : 'skipped', reps: reps.total,
    per_count: dose.per ? (reps.count > 0 ? reps.perCount : reps.perCount - 1) : null,
  });
  await persist();
  emit(eventType);
}

// Paced counting: the phone counts for the owner. `paced` is the mode (the dog's remembered
// choice), `pacing` whether the count is running now: it starts and pauses on a tap.
export async function setPaced(on) {
  if (!session?.reps || session.reps.done) return;
  session.pacedCount = on;
  Object.assign(session.reps, { paced: on, pacing: false });
  await persist();
  emit('paced', { on });
}

export async function setPacing(on) {
  if (!session?.reps?.paced || session.reps.done) return;
  session.reps.pacing = on;
  await persist();
  emit(on ? 'pacing-started' : 'pacing-paused');
}

export const actionDone = () => Boolean(session?.timer?.state === 'done' || session?.reps?.done);

export async function skipAction() {
  catchUp();
  Object.assign(record(), { status: 'skipped', reps: session.reps?.total ?? null,
    seconds: session.timer ? timers.elapsedSeconds(session.timer, Date.now()) : null });
  return next();
}

// Excessive kicking (or another reason) ends this action on this leg only; the session goes on.
// The leg's kicking is recorded for the finish screen, and for no other leg.
export async function stopAction(reason) {
  if (session?.phase !== 'action') return;
  catchUp();
  const item = currentItem();
  Object.assign(record(), {
    status: 'stopped', stop_reason: reason, reps: session.reps?.total ?? null,
    seconds: session.timer ? timers.elapsedSeconds(session.timer, Date.now()) : null,
  });
  if (reason === 'excessive_kicking' && item.leg) (session.kicking ??= {})[item.leg] = 'excessive';
  emit('action-stopped', { item, reason });
  return next();
}

// The next action; between two legs (or two blocks) a full-screen card says what comes now.
export async function next() {
  if (session?.phase !== 'action') return;
  if (record().status === 'not_reached') record().status = 'skipped';
  const finished = currentItem();
  session.position += 1;
  session.timer = session.reps = null;
  if (session.position >= sequence.length) {
    session.phase = 'finish';
    catchUp();
    session.endedAt = timers.clockEndedAt(session);
    await persist();
    return emit('finish');
  }
  const coming = currentItem();
  if (coming.leg !== finished.leg || coming.block !== finished.block) {
    session.phase = 'leg-change';
    await persist();
    return emit('leg-change', { item: coming, previous: finished });
  }
  enterAction();
  await persist();
  emit('action', { item: coming });
}

export async function continueAfterLegChange() {
  if (session?.phase !== 'leg-change') return;
  session.phase = 'action';
  enterAction();
  await persist();
  emit('action', { item: currentItem(), afterLegChange: true });
}

// --- ending ------------------------------------------------------------------------------------

// Stop now, for a reason. The log is saved at once: nothing is lost if the phone is put away.
export async function stop(reason, note = null) {
  if (!session || ['blocked', 'stopped'].includes(session.phase)) return;
  if (session.phase === 'gate') return close(); // nothing began: leaving the questions is no session
  catchUp();
  if (session.phase === 'action' && record().status === 'not_reached') {
    const seconds = session.timer ? timers.elapsedSeconds(session.timer, Date.now()) : null;
    const reps = session.reps?.total ?? null;
    Object.assign(record(), { status: (seconds || reps) ? 'completed' : 'skipped', seconds, reps });
  }
  // Kicking that ends the whole session was seen on the leg being worked, not on the others.
  const leg = currentItem()?.leg;
  if (reason === 'excessive_kicking' && leg && session.phase === 'action') (session.kicking ??= {})[leg] = 'excessive';
  session.phase = 'stopped';
  session.stopReason = reason;
  session.stopNote = clipText(note, 500) || null;
  session.endedAt = timers.clockEndedAt(session);
  session.timer = session.reps = null;
  await persist();
  emit('stopped', { reason });
}

// Save the finished (or stopped) session with the owner's observations, and close it.
export async function save(observations) {
  if (!session || !['finish', 'stopped'].includes(session.phase)) return null;
  const log = logOf(session, session.phase === 'finish' ? 'completed' : 'stopped', observations);
  await saveLog(log);
  lastSaved = log; // before close(): its 'change' redraws the "Saved" screen, which reads this
  await close();
  return log;
}

// Leave the blocked screen (its log is already saved), or abandon a session that never began.
export async function close() {
  session = null;
  await remove('state', KEY);
  markSessionRunning(false);
  emit('change');
}

// Add the time since the last step to the session's clock; if the wall clock went back, a
// running timer's end goes back with it (else a set-back clock would add an hour to the count).
function catchUp() {
  const jump = timers.clockTick(session);
  if (jump && session.timer) session.timer = timers.shift(session.timer, jump);
}

async function persist() {
  catchUp();
  await put('state', session, KEY);
  markSessionRunning(true);
  emit('change');
}
