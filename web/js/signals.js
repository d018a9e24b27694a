import { loadSettings } from './local-state.js';
import { currentLanguage } from './i18n.js';

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
  if (audio.state === 'suspended') audio.resume().catch(() => {}); // after the screen was off
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

// Spoken cues, and the same words as a caption on screen (for a noisy room, a muted phone, or an
// owner who cannot hear them). Silent and harmless where speech synthesis or voices are missing.
// iOS only lets speech start inside a tap: primeVoice() is called in the Begin tap.

const canSpeak = () => 'speechSynthesis' in window && typeof SpeechSynthesisUtterance === 'function';

export function primeVoice() {
  if (!canSpeak()) return;
  const silent = new SpeechSynthesisUtterance(' ');
  silent.volume = 0;
  speechSynthesis.speak(silent);
}

export function say(text) {
  const caption = document.getElementById('spoken-cue');
  if (caption) caption.textContent = text;
  if (!canSpeak() || !loadSettings().voice) return;
  try {
    speechSynthesis.cancel(); // the newest cue matters; a queue of stale ones does not
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.rate = 0.9;
    utterance.lang = currentLanguage();
    const voice = voiceFor(currentLanguage());
    if (voice) utterance.voice = voice; // else the engine picks by lang, if it can
    speechSynthesis.speak(utterance);
  } catch {
    // No voices, or the engine refused: the caption is there.
  }
}

// A voice of the app's language: the phone's default one if it speaks it. Voices arrive late on
// some phones (Chrome on Android): `phoneHasVoiceFor` waits a moment for them.
function voiceFor(language) {
  const speaks = (voice) => voice.lang.toLowerCase().replace('_', '-').split('-')[0] === language.split('-')[0];
  const voices = canSpeak() ? speechSynthesis.getVoices() : [];
  return voices.find((voice) => voice.default && speaks(voice)) || voices.find(speaks) || null;
}

export async function phoneHasVoiceFor(language) {
  if (!canSpeak()) return false;
  if (!speechSynthesis.getVoices().length) {
    await new Promise((resolve) => {
      speechSynthesis.addEventListener('voiceschanged', resolve, { once: true });
      setTimeout(resolve, 1500);
    });
  }
  return Boolean(voiceFor(language));
}

export function silence() {
  if (canSpeak()) speechSynthesis.cancel();
}

// Keep the screen on during a session where the browser allows it (Chromium; iOS 18.4+ when
// installed). The lock is dropped whenever the page is hidden, so it is asked for again on return.
let sentinel = null;
let wanted = false;

export const wakeLockSupported = () => 'wakeLock' in navigator;

export async function keepScreenOn() {
  wanted = true;
  return acquire();
}

export function letScreenSleep() {
  wanted = false;
  sentinel?.release().catch(() => {});
  sentinel = null;
}

export const screenKeptOn = () => Boolean(sentinel && !sentinel.released);

async function acquire() {
  if (!wakeLockSupported() || document.visibilityState !== 'visible') return false;
  try {
    sentinel = await navigator.wakeLock.request('screen');
    return true;
  } catch {
    return false; // refused (battery saver, no permission): the view shows a "keep open" hint
  }
}

document.addEventListener('visibilitychange', () => {
  if (wanted && document.visibilityState === 'visible' && !screenKeptOn()) acquire();
});
