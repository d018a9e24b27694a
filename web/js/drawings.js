// Animated line drawings of each action: the dog lying on its side on a mat, the worked back leg
// highlighted, the owner's hands as simple shapes. Drawn here from the content's numbers
// (content/steps.toml, each action's `drawing`): the motion, and where a joint moves, its swing
// in degrees each way. The leg is four segments turning about the hip, the stifle and the hock
// (and a toe at the paw), so how far the drawing moves is exactly the content's number, and it is
// small: the routine asks for a very light range. The right leg is the left one mirrored.
//
// Every motion named in app/content/models.py (Motion) has a pose function below.

const NS = 'http://www.w3.org/2000/svg';
const VIEW = { width: 320, height: 216 }; // room below the paw for the still frame's arrows
// The worked leg at rest, the dog's head to the left and its back at the top.
const HIP = [214, 88];
const STIFLE = [192, 130];
const HOCK = [234, 150];
const PAW = [214, 176];
const TOE = [202, 181]; // where the toe that moves bends
const FRAME_MS = 40;
const DEFAULT_PERIOD_MS = { stroke: 3000, knead: 2400, 'foot-rub': 2000, 'toe-pads': 2400, pump: 3000, hip: 3000, toe: 2400 };

function el(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  node.append(...children.flat().filter(Boolean));
  return node;
}

const line = ([x1, y1], [x2, y2], cls) => el('line', { x1, y1, x2, y2, class: cls });
const lerp = ([x1, y1], [x2, y2], t) => [x1 + (x2 - x1) * t, y1 + (y2 - y1) * t];
const rotate = (angle, [x, y]) => `rotate(${angle.toFixed(2)} ${x} ${y})`;

// A hand: a palm and a thumb, turned to lie along the leg. `cls` adds "moving" for the hand that moves.
function hand([x, y], angle = 0, cls = '') {
  return el('g', { class: `hand ${cls}`.trim(), transform: `translate(${x} ${y}) rotate(${angle})` },
    el('rect', { x: -13, y: -8, width: 26, height: 16, rx: 8 }),
    el('ellipse', { cx: -10, cy: -9, rx: 4, ry: 6, transform: 'rotate(-30 -10 -9)' }));
}

// The scene: everything but the worked leg, then the leg as nested joints. Returns the parts a
// pose moves.
function scene(drawing) {
  const joints = {};
  const toe = el('g', { 'data-joint': 'toe', transform: rotate(0, TOE) },
    line(TOE, [TOE[0] - 9, TOE[1] + 5], 'bone toe'));
  const paw = el('g', { class: 'paw' },
    el('ellipse', { cx: PAW[0] - 2, cy: PAW[1] + 2, rx: 13, ry: 7, class: 'paw-shape' }), toe);
  const hock = el('g', { 'data-joint': 'hock', transform: rotate(0, HOCK) }, line(HOCK, PAW, 'bone'), paw);
  const stifle = el('g', { 'data-joint': 'stifle', transform: rotate(0, STIFLE) }, line(STIFLE, HOCK, 'bone'), hock);
  const hip = el('g', { 'data-joint': 'hip', transform: rotate(0, HIP) },
    thighShape(),
    line(HIP, STIFLE, 'bone'), stifle);
  Object.assign(joints, { hip, stifle, hock, toe });
  // Seen from above: the dog lies on its side on a blanket, its back at the top, legs relaxed.
  const body = el('g', { class: 'dog' },
    el('path', { class: 'tail', d: 'M250 74 C282 62 298 84 310 72' }),
    el('line', { class: 'other-leg', x1: 94, y1: 112, x2: 70, y2: 168 }),
    el('line', { class: 'other-leg', x1: 112, y1: 118, x2: 100, y2: 174 }),
    el('line', { class: 'other-leg', x1: 226, y1: 108, x2: 266, y2: 166 }),
    el('path', { class: 'torso', d: 'M72 70 C92 40 204 38 244 60 C266 72 266 108 240 118 C204 132 112 132 82 118 C62 108 60 84 72 70 Z' }),
    // The head resting on the blanket: skull, a long muzzle to the left, a soft ear hanging back.
    el('path', { class: 'head', d: 'M76 66 C66 54 46 52 36 60 C28 64 20 66 12 72 C4 78 6 88 14 90 C24 94 40 98 52 100 C64 102 74 94 78 84 Z' }),
    el('path', { class: 'ear', d: 'M50 58 C62 56 70 66 68 80 C66 92 58 98 54 94 C50 84 46 70 50 58 Z' }),
    el('ellipse', { class: 'nose', cx: 9, cy: 78, rx: 5, ry: 4 }),
    el('path', { class: 'mouth', d: 'M14 88 C22 90 30 90 36 86' }),
    el('path', { class: 'eye', d: 'M30 68 q5 4 10 0' }));
  const leg = el('g', { class: 'leg worked' }, hip);
  const hands = el('g', { class: 'hands' });
  const marks = el('g', { class: 'marks' });
  const root = el('g', { class: 'scene' }, el('rect', { class: 'mat', x: 2, y: 10, width: 316, height: 204, rx: 22 }),
    body, leg, hands, marks);
  return { root, joints, hands, marks, drawing };
}

// The thigh's muscles: an oval along the bone from the hip to the stifle.
function thighShape() {
  const [cx, cy] = lerp(HIP, STIFLE, 0.45);
  const length = Math.hypot(STIFLE[0] - HIP[0], STIFLE[1] - HIP[1]);
  const angle = (Math.atan2(STIFLE[1] - HIP[1], STIFLE[0] - HIP[0]) * 180) / Math.PI;
  return el('ellipse', { class: 'thigh', cx, cy, rx: length / 2 + 10, ry: 15, transform: `rotate(${angle.toFixed(1)} ${cx} ${cy})` });
}

// Where a hand attached to a segment goes: inside the joint group it holds, so it moves with it.
function holdAt(parts, joint, point, angle, cls = 'moving') {
  parts.joints[joint].append(hand(point, angle, cls));
}

// Each motion: set up its hands once (`place`), then `pose(parts, phase)` for phase 0..1 of one
// repetition. `still` is the pose printed and shown with reduced motion; `arrows` mark its path.
const MOTIONS = {
  stroke: {
    place(parts) { parts.stroker = hand(HIP, 60, 'moving'); parts.hands.append(parts.stroker); },
    pose(parts, phase) {
      const path = [HIP, STIFLE, HOCK, PAW];
      const along = Math.min(0.999, phase * 1.15) * (path.length - 1); // a pause at the foot, then back to the hip
      const index = Math.floor(along);
      const [x, y] = lerp(path[index], path[index + 1], along - index);
      parts.stroker.setAttribute('transform', `translate(${x.toFixed(1)} ${y.toFixed(1)}) rotate(60)`);
      parts.stroker.setAttribute('opacity', phase > 0.87 ? '0.25' : '1');
    },
    still: 0.35,
    arrows: () => [arrowPath([HIP, STIFLE, HOCK, PAW].map(([x, y]) => [x + 16, y]))],
  },
  knead: {
    place(parts) {
      parts.back = hand(lerp(HIP, STIFLE, 0.45).map((v, i) => v + (i ? 2 : 16)), 70, 'moving');
      parts.front = hand(lerp(HIP, STIFLE, 0.5).map((v, i) => v - (i ? 0 : 16)), 110, 'moving');
      parts.joints.hip.append(parts.back, parts.front);
    },
    pose(parts, phase) {
      const first = phase < 0.5; // the back of the thigh, then the front
      const squeeze = 1 - 0.18 * Math.sin(((phase % 0.5) / 0.5) * Math.PI * 4) ** 2;
      for (const [node, active] of [[parts.back, first], [parts.front, !first]]) {
        const base = node.getAttribute('transform').replace(/ scale\([^)]*\)/, '');
        node.setAttribute('transform', `${base} scale(${active ? squeeze.toFixed(3) : 1})`);
        node.setAttribute('opacity', active ? '1' : '0.35');
      }
    },
    still: 0.12,
    arrows: () => [],
  },
  'foot-rub': {
    place(parts) { parts.rubber = hand(HOCK, 30, 'moving'); parts.joints.hock.append(parts.rubber); },
    pose(parts, phase) {
      const t = (1 - Math.cos(phase * 2 * Math.PI)) / 2; // the ankle to the paw and back
      const [x, y] = lerp(HOCK, PAW, 0.15 + 0.7 * t);
      parts.rubber.setAttribute('transform', `translate(${x.toFixed(1)} ${y.toFixed(1)}) rotate(30)`);
    },
    still: 0.5,
    arrows: () => [arrowPath([lerp(HOCK, PAW, 0.1), lerp(HOCK, PAW, 0.9)].map(([x, y]) => [x + 16, y]), true)],
  },
  'toe-pads': {
    place(parts) {
      parts.finger = el('circle', { class: 'fingertip moving', r: 4, cx: PAW[0], cy: PAW[1] });
      parts.joints.hock.append(parts.finger);
    },
    pose(parts, phase) {
      const spots = [-7, 0, 7]; // between the pads, one after another
      const spot = spots[Math.min(2, Math.floor(phase * 3))];
      const tap = Math.sin(((phase * 3) % 1) * Math.PI);
      parts.finger.setAttribute('cx', (PAW[0] + spot - 2).toFixed(1));
      parts.finger.setAttribute('cy', (PAW[1] + 9 - 4 * tap).toFixed(1));
    },
    still: 0.5,
    arrows: () => [],
  },
  pump: {
    place(parts, drawing) {
      const holdPoint = drawing.hold === 'paw' ? PAW : lerp(HOCK, PAW, 0.25);
      holdAt(parts, 'hock', holdPoint, 20);
      const supportPoint = drawing.support === 'hock' ? HOCK : STIFLE;
      holdAt(parts, drawing.support === 'hock' ? 'stifle' : 'hip', supportPoint, -20, 'support');
    },
    pose(parts, phase, amplitude) { turn(parts, 'hock', amplitude * Math.sin(phase * 2 * Math.PI)); },
    still: 0.25,
    arrows: (amplitude) => [swingArrow(HOCK, PAW, amplitude)],
  },
  hip: {
    place(parts) {
      parts.hands.append(hand([HIP[0] - 6, HIP[1] - 18], 0, 'support'));
      holdAt(parts, 'stifle', lerp(STIFLE, HOCK, 0.5), -30);
    },
    pose(parts, phase, amplitude, drawing) {
      const angle = phase * 2 * Math.PI;
      if (drawing.path === 'semicircle') { // the foot along a small half circle, and back
        turn(parts, 'hip', amplitude * Math.cos(angle));
        turn(parts, 'stifle', -amplitude * 0.6 * Math.abs(Math.sin(angle)));
      } else {
        turn(parts, 'hip', amplitude * Math.sin(angle));
      }
    },
    still: 0.25,
    arrows: (amplitude) => [swingArrow(HIP, PAW, amplitude)],
  },
  toe: {
    place(parts) { holdAt(parts, 'toe', [TOE[0] - 2, TOE[1] - 12], 160); },
    pose(parts, phase, amplitude) { turn(parts, 'toe', amplitude * Math.sin(phase * 2 * Math.PI)); },
    still: 0.25,
    arrows: (amplitude) => [swingArrow(TOE, [TOE[0] - 14, TOE[1]], amplitude)], // up and down, in front of the toe
  },
};

function turn(parts, joint, angle) {
  const pivot = { hip: HIP, stifle: STIFLE, hock: HOCK, toe: TOE }[joint];
  parts.joints[joint].setAttribute('transform', rotate(angle, pivot));
}

// An arrow along points (`both`: heads at both ends), for the still frame.
function arrowPath(points, both = false) {
  const d = points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`).join(' ');
  return el('path', { d, class: 'arrow', 'marker-end': 'url(#arrowhead)', ...(both ? { 'marker-start': 'url(#arrowhead)' } : {}) });
}

// A curved double arrow around `pivot`, where `tip` swings `amplitude` degrees each way. It is
// drawn outside the leg and at least ARROW_MIN long, so that it reads as a path with two heads
// (a short one looked like two triangles); the leg itself moves `amplitude`.
const ARROW_MIN = 44;
function swingArrow(pivot, tip, amplitude) {
  const [px, py] = pivot;
  const radius = Math.hypot(tip[0] - px, tip[1] - py) + 20;
  const start = Math.atan2(tip[1] - py, tip[0] - px);
  const spread = Math.max((amplitude * Math.PI) / 180, ARROW_MIN / 2 / radius);
  const at = (angle) => [px + radius * Math.cos(angle), py + radius * Math.sin(angle)];
  const [x1, y1] = at(start - spread);
  const [x2, y2] = at(start + spread);
  return el('path', { d: `M${x1.toFixed(1)} ${y1.toFixed(1)} A${radius.toFixed(1)} ${radius.toFixed(1)} 0 0 1 ${x2.toFixed(1)} ${y2.toFixed(1)}`,
    class: 'arrow', 'marker-start': 'url(#arrowhead)', 'marker-end': 'url(#arrowhead)' });
}

let drawn = 0;
const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

// The drawing of an action for a leg ('left-hind', 'right-hind'; null: as the left). Options:
//   still: a still frame with arrows (print); otherwise animated unless the owner asked for
//   reduced motion. periodMs: one repetition (the paced count's tempo).
// Returns the <svg>; its animation stops by itself once the drawing leaves the page.
export function actionDrawing(action, leg, { still = false, periodMs = null } = {}) {
  const drawing = action.drawing;
  const motion = MOTIONS[drawing.motion];
  const parts = scene(drawing);
  motion.place(parts, drawing);
  const mirrored = leg === 'right-hind' || leg === 'right-front';
  const marker = `arrowhead-${++drawn}`; // ids are per page: one per drawing
  const svg = el('svg', { viewBox: `0 0 ${VIEW.width} ${VIEW.height}`, class: 'drawing', role: 'img',
    'aria-label': drawing.description, 'data-motion': drawing.motion, 'data-mirrored': String(mirrored) },
  el('defs', {}, el('marker', { id: marker, viewBox: '0 0 10 10', refX: 5, refY: 5, markerWidth: 3.6, markerHeight: 3.6,
    orient: 'auto-start-reverse' }, el('path', { d: 'M0 0 L10 5 L0 10 Z', class: 'arrowhead' }))),
  el('g', { transform: mirrored ? `translate(${VIEW.width} 0) scale(-1 1)` : '' }, parts.root));
  const amplitude = drawing.amplitude_deg || 0;
  if (still || reducedMotion()) {
    motion.pose(parts, motion.still, amplitude, drawing);
    parts.marks.append(...motion.arrows(amplitude));
    for (const arrow of parts.marks.children) {
      for (const end of ['marker-start', 'marker-end']) if (arrow.hasAttribute(end)) arrow.setAttribute(end, `url(#${marker})`);
    }
    svg.dataset.still = 'true';
    return svg;
  }
  const period = periodMs || DEFAULT_PERIOD_MS[drawing.motion];
  svg.dataset.period = String(period); // one repetition, in ms
  let begun = null;
  let posed = -Infinity;
  const frame = (now) => {
    if (begun === null) begun = now;
    if (begun !== now && !svg.isConnected) return; // left the page: stop
    if (now - posed >= FRAME_MS) { // a slow, small movement: 25 frames a second are smooth, and spare the battery
      motion.pose(parts, ((now - begun) % period) / period, amplitude, drawing);
      posed = now;
    }
    requestAnimationFrame(frame);
  };
  motion.pose(parts, 0, amplitude, drawing);
  requestAnimationFrame(frame);
  return svg;
}
