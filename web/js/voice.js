// Spoken cues, and the same words as a caption on screen (for a noisy room, a muted phone, or an
// owner who cannot hear them). Silent and harmless where speech synthesis or voices are missing.
// iOS only lets speech start inside a tap: primeVoice() is called in the Begin tap.
import { loadSettings } from './settings.js';

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
    utterance.lang = document.documentElement.lang || 'en';
    speechSynthesis.speak(utterance);
  } catch {
    // No voices, or the engine refused: the caption is there.
  }
}

export function silence() {
  if (canSpeak()) speechSynthesis.cancel();
}
