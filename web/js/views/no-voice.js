// Spoken cues in a language the phone has no voice for would be silent, or read with the wrong
// accent: say so (in Settings and before a session), and where to add one. The captions on
// screen carry every cue anyway. Hidden until the phone's voices are known.
import { h } from '../dom.js';
import { t, currentLanguage } from '../i18n.js';
import { phoneHasVoiceFor } from '../signals.js';
import { loadSettings } from '../local-state.js';

export function noVoiceNotice() {
  const notice = h('p', { class: 'warning no-voice', hidden: true },
    t('This phone has no voice for this language, so the cues are shown on screen but not read aloud. You can add one in your phone\'s settings, under text-to-speech.'));
  if (loadSettings().voice) phoneHasVoiceFor(currentLanguage()).then((has) => { notice.hidden = has; });
  return notice;
}
