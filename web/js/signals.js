// The chime (Web Audio, no sound file to download) and vibration where the phone has it (not on
// iPhone). Audio must be started inside a tap on iOS: primeAudio() is called in the Begin tap.
let audio = null;

export function primeAudio() {
  const AudioContext = window.AudioContext || window.webkitAudioContext;
  if (!AudioContext) return;
  audio ??= new AudioContext();
  if (audio.state === 'suspended') audio.resume().catch(() => {});
}

// Two soft rising notes: noticeable across a room, not alarming. `signals` counts them on the
// page (data-chimes) so that a test, or a curious developer, can see that one was played.
export function chime({ notes = [660, 880], vibrate = true } = {}) {
  const root = document.documentElement;
  root.dataset.chimes = String(Number(root.dataset.chimes || 0) + 1);
  if (vibrate) navigator.vibrate?.([180, 90, 180]);
  if (!audio) return;
  const start = audio.currentTime + 0.02;
  notes.forEach((frequency, index) => {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    const at = start + index * 0.22;
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.35, at + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.5);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.55);
  });
}

export const softChime = () => chime({ notes: [660], vibrate: false });
