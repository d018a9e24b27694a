// The safety check's plan: its questions in order (content/safety.toml), which comes next, how
// many are asked, and what the phone remembers until midnight.
//
// Eligibility questions that cannot change within a day (`ask = "daily"`: off medication, the
// vet agreed, not walking, strict rest) are asked at the first session of the day for each dog;
// their passing answers are kept until midnight and written into every later log of that day as
// `remembered`. Red flags are asked every session. A red flag with `when` is asked only after
// that answer to a fact ("pees on its own" or "expressed by hand").
import { todayKey } from './logs.js';
import { t } from './i18n.js';

// Every question of the check in the order asked: eligibility, then facts about the dog (how it
// empties its bladder), then red flags, some of which are asked only after a fact's answer
// (`when`). Each carries its kind, as the log records it.
export function gateQuestions(routine) {
  return [
    ...routine.eligibility.map((q) => ({ ...q, kind: 'eligibility' })),
    ...(routine.facts || []).map((q) => ({ ...q, kind: 'fact' })),
    ...routine.red_flags.map((q) => ({ ...q, kind: 'red_flag' })),
  ];
}

// Is this question asked, given the answers so far? A question that depends on a fact not yet
// answered counts as asked when it follows the first answer ("yes"): of a pair of alternatives,
// exactly one is asked, so the count of questions stays right before the fact is answered.
export function isAsked(question, answers) {
  if (!question.when) return true;
  const given = answers.find((a) => a.question_id === question.when.question)?.answer;
  return (given ?? 'yes') === question.when.answer;
}

// Daily questions answered (and passed) earlier today are not asked again.
const isDaily = (question) => question.ask === 'daily';

export function graduationQuestion(routine) {
  const g = routine.graduation;
  return { id: 'graduation', kind: 'graduation', question: g.question, yes_title: g.yes_title, yes_message: g.yes_message };
}

// The words on the two answer buttons: the content's, or plain Yes and No.
export const answerLabels = (question) => ({ yes: question.answers?.yes || t('Yes'), no: question.answers?.no || t('No') });

const MEMORY_KEY = 'ivdd.gateMemory';

export function newGate(routine, dogId) {
  const memory = rememberedToday(dogId);
  const answers = gateQuestions(routine)
    .filter((question) => isDaily(question) && memory[question.id] && memory[question.id] !== question.blocks_on)
    .map((question) => ({ question_id: question.id, kind: question.kind, answer: memory[question.id], remembered: true }));
  return { answers, passed: false, blockedBy: null, followUp: null };
}

const answered = (gate, question) => gate.answers.some((a) => a.question_id === question.id);
const blocks = (question, value) => question.kind !== 'fact' && value === question.blocks_on;

// The question on screen: the graduation follow-up, or the first one still to ask.
export function current(routine, gate) {
  if (gate.followUp === 'graduation') return graduationQuestion(routine);
  return gateQuestions(routine).find((question) => !answered(gate, question) && isAsked(question, gate.answers)) ?? null;
}

// Record an answer: 'blocked', 'follow-up' (the graduation question comes first), 'passed' or 'next'.
export function record(routine, gate, question, value) {
  gate.answers.push({ question_id: question.id, kind: question.kind, answer: value });
  if (question.kind === 'graduation') {
    gate.followUp = null;
    return 'blocked';
  }
  if (blocks(question, value)) {
    gate.blockedBy = question.id;
    if (question.follow_up !== 'graduation') return 'blocked';
    gate.followUp = 'graduation'; // asked before the log is saved, so it is saved once, whole
    return 'follow-up';
  }
  if (current(routine, gate)) return 'next';
  gate.passed = true;
  return 'passed';
}

// "2 of 6": only the questions asked this time (not those remembered, nor the other branch).
export function progress(routine, gate) {
  const remembered = new Set(gate.answers.filter((a) => a.remembered).map((a) => a.question_id));
  const asked = gateQuestions(routine).filter((q) => !remembered.has(q.id) && isAsked(q, gate.answers));
  const done = gate.answers.filter((a) => !a.remembered && a.kind !== 'graduation').length;
  return { index: Math.min(done, asked.length - 1), total: asked.length };
}

// After a passed check: keep today's daily answers for this dog until midnight.
export function remember(routine, gate, dogId) {
  const memory = loadMemory();
  const today = todayKey();
  const kept = memory[dogId]?.day === today ? memory[dogId].answers : {};
  for (const question of gateQuestions(routine).filter(isDaily)) {
    const given = gate.answers.find((a) => a.question_id === question.id);
    if (given) kept[question.id] = given.answer;
  }
  memory[dogId] = { day: today, answers: kept };
  localStorage.setItem(MEMORY_KEY, JSON.stringify(memory));
}

export function blockedBy(routine, gate) {
  const all = [...gateQuestions(routine), graduationQuestion(routine)];
  const question = all.find((q) => q.id === gate.blockedBy);
  const graduated = gate.answers.some((a) => a.kind === 'graduation' && a.answer === 'yes');
  return { question, graduated };
}

function rememberedToday(dogId) {
  const entry = loadMemory()[dogId];
  return entry?.day === todayKey() ? entry.answers : {};
}

function loadMemory() {
  try {
    return JSON.parse(localStorage.getItem(MEMORY_KEY) || '{}') || {};
  } catch {
    return {};
  }
}
