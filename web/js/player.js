// The guided session as a state machine, saved to IndexedDB after every change so that a reload,
// a crash or a dead battery resumes at the same action with the right time left.
//
//   gate -> blocked                     (a blocking answer: the log is saved at once)
//   gate -> setup -> action ... action -> finish -> saved
//                    any action --stop--> stopped -> saved
//
// Setup and the actions are reachable only through a passed gate: no path starts a session
// without the safety check. Views render this state and call these functions; cues.js turns the
// events emitted here into speech, chime and vibration.
import { get, put, remove } from './db.js';
import { saveLog, isoWithOffset, clipText } from './logs.js';
import { markSessionRunning } from './local-state.js';
import { expandFlow, gateQuestions, graduationQuestion, doseTarget } from './flow.js';
import * as timers from './timer.js';

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
export const currentItem = () => (session?.phase === 'action' ? sequence[session.position] : null);
export const sequenceLength = () => sequence.length;

// The running session, if any, bound to this routine. A session made with other content (the app
// updated in between) cannot be followed any more: its log is saved as interrupted.
export async function loadActive(routineJson) {
  routine = routineJson;
  const saved = await get('state', KEY);
  if (!saved) return (session = null);
  session = saved;
  if (session.contentVersion !== routine.version && session.phase !== 'blocked') {
    await stop('interrupted', 'the app was updated during the session');
    return session;
  }
  if (!session.gate.passed && ['setup', 'action', 'finish'].includes(session.phase)) session.phase = 'gate'; // never past an unpassed gate
  sequence = expandFlow(routine, session.legs);
  if (['finish', 'stopped'].includes(session.phase) && Date.now() - Date.parse(session.endedAt) > UNSAVED_ENDING_MS) {
    await save(null);
  }
  return session;
}

export async function begin(dog, routineJson, appBuild) {
  routine = routineJson;
  lastSaved = null;
  sequence = expandFlow(routine, dog.legs);
  session = {
    id: crypto.randomUUID(),
    dog: { id: dog.id, name: dog.name },
    legs: [...dog.legs],
    contentVersion: routine.version,
    appBuild: appBuild || null,
    startedAt: isoWithOffset(),
    endedAt: null,
    phase: 'gate',
    gate: { index: 0, answers: [], passed: false, blockedBy: null, followUp: null },
    position: 0,
    records: sequence.map((item) => ({
      leg: item.leg, step_id: item.step.id, action_id: item.action.id, target: doseTarget(item.action.dose),
      status: 'not_reached', reps: null, seconds: null, per_count: null,
    })),
    timer: null,
    reps: null,
    stopReason: null,
    stopNote: null,
  };
  await persist();
  return session;
}

// --- the safety gate ---------------------------------------------------------------------------

export function currentQuestion() {
  if (session?.phase !== 'gate') return null;
  if (session.gate.followUp === 'graduation') return graduationQuestion(routine);
  return gateQuestions(routine)[session.gate.index];
}

export const gateProgress = () => ({ index: session.gate.index, total: gateQuestions(routine).length });

export async function answer(value) {
  const question = currentQuestion();
  if (!question || !['yes', 'no'].includes(value)) return;
  const gate = session.gate;
  gate.answers.push({ question_id: question.id, kind: question.kind, answer: value });
  if (question.kind === 'graduation') {
    gate.followUp = null;
    return block();
  }
  if (value === question.blocks_on) {
    gate.blockedBy = question.id;
    if (question.follow_up === 'graduation') {
      gate.followUp = 'graduation'; // asked before the log is saved, so it is saved once, whole
      return persist();
    }
    return block();
  }
  gate.index += 1;
  if (gate.index === gateQuestions(routine).length) {
    gate.passed = true;
    session.phase = 'setup';
  }
  await persist();
}

async function block() {
  session.phase = 'blocked';
  session.endedAt = isoWithOffset();
  await saveLog(buildLog('blocked'));
  await persist();
  emit('blocked');
}

// What the blocked screen says: the question that blocked, and the graduation answer if any.
export function blockedBy() {
  const all = [...gateQuestions(routine), graduationQuestion(routine)];
  const question = all.find((q) => q.id === session.gate.blockedBy);
  const graduated = session.gate.answers.some((a) => a.kind === 'graduation' && a.answer === 'yes');
  return { question, graduated };
}

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
  session.reps = dose.type === 'reps' ? { count: 0, total: 0, perCount: 1, paced: false } : null;
}

const record = () => session.records[session.position];

export async function startTimer(now = Date.now()) {
  if (!session?.timer) return;
  session.timer = timers.start(session.timer, now);
  await persist();
  emit('timer-started');
}

export async function pauseTimer(now = Date.now()) {
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

// Called on every tick, on visibilitychange and on pageshow: catch up with the clock.
export async function tick(now = Date.now()) {
  if (!session?.timer) return;
  const before = session.timer.state;
  session.timer = timers.advance(session.timer, now);
  if (session.timer.state === before) return;
  // Cues for moments that passed while the phone was locked would only startle: mark them late.
  if (session.timer.state === 'running') emit('timer-running', { late: now - session.timer.readyAt > 2000 });
  if (session.timer.state === 'done') {
    Object.assign(record(), { status: 'completed', seconds: Math.round(session.timer.totalMs / 1000) });
    emit('timer-done', { late: now - session.timer.endAt > 2000 });
  }
  await persist();
}

export async function finishEarly(now = Date.now()) {
  if (!session?.timer) return;
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
  emit('rep', { count: reps.count, reachedMin: dose.min !== null && reps.count === dose.min, perDone: dose.per && reps.count >= dose.max });
  await persist();
}

// "Each toe 10 times": the count starts again for the next toe.
export async function nextPer() {
  const reps = session?.reps;
  if (!reps || reps.done) return;
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
  reps.paced = false;
  Object.assign(record(), {
    status: reps.total > 0 ? 'completed' : 'skipped', reps: reps.total,
    per_count: dose.per ? (reps.count > 0 ? reps.perCount : reps.perCount - 1) : null,
  });
  await persist();
  emit(eventType);
}

export async function setPaced(on) {
  if (!session?.reps || session.reps.done) return;
  session.reps.paced = on;
  await persist();
}

export const actionDone = () => Boolean(session?.timer?.state === 'done' || session?.reps?.done);

export async function skipAction() {
  Object.assign(record(), { status: 'skipped', reps: session.reps?.total ?? null,
    seconds: session.timer ? timers.elapsedSeconds(session.timer, Date.now()) : null });
  return next();
}

export async function next() {
  if (session?.phase !== 'action') return;
  if (record().status === 'not_reached') record().status = 'skipped';
  session.position += 1;
  if (session.position >= sequence.length) {
    session.phase = 'finish';
    session.endedAt = isoWithOffset();
    session.timer = session.reps = null;
    await persist();
    return emit('finish');
  }
  enterAction();
  await persist();
  emit('action', { item: currentItem() });
}

// --- ending ------------------------------------------------------------------------------------

// Stop now, for a reason. The log is saved at once: nothing is lost if the phone is put away.
export async function stop(reason, note = null) {
  if (!session || ['blocked', 'stopped'].includes(session.phase)) return;
  if (session.phase === 'gate') return close(); // nothing began: leaving the questions is no session
  if (session.phase === 'action' && record().status === 'not_reached') {
    const seconds = session.timer ? timers.elapsedSeconds(session.timer, Date.now()) : null;
    const reps = session.reps?.total ?? null;
    Object.assign(record(), { status: (seconds || reps) ? 'completed' : 'skipped', seconds, reps });
  }
  session.phase = 'stopped';
  session.stopReason = reason;
  session.stopNote = clipText(note, 500) || null;
  session.endedAt = isoWithOffset();
  session.timer = session.reps = null;
  await persist();
  emit('stopped', { reason });
}

// Save the finished (or stopped) session with the owner's observations, and close it.
export async function save(observations) {
  if (!session || !['finish', 'stopped'].includes(session.phase)) return null;
  const log = buildLog(session.phase === 'finish' ? 'completed' : 'stopped', observations);
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

function buildLog(outcome, observations = null) {
  const gate = session.gate;
  return {
    format: 1,
    id: session.id,
    dog: session.dog,
    content_version: session.contentVersion,
    app_build: session.appBuild,
    started_at: session.startedAt,
    ended_at: session.endedAt,
    outcome,
    stop_reason: outcome === 'stopped' ? session.stopReason : null,
    stop_note: outcome === 'stopped' ? session.stopNote : null,
    legs: session.legs,
    gate: { answers: gate.answers, passed: gate.passed, blocked_by: outcome === 'blocked' ? gate.blockedBy : null },
    actions: outcome === 'blocked' ? [] : session.records,
    observations,
  };
}

async function persist() {
  await put('state', session, KEY);
  markSessionRunning(true);
  emit('change');
}
