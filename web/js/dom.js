// Build DOM nodes without innerHTML: every string becomes a text node, so nothing is ever parsed
// as markup (owners' notes and clinic names included).
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  el.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  return el;
}

// A translated sentence with a link inside, kept whole for translation: `placeholder` marks where
// the link goes (a translation that lost it gets the link after the sentence, never no link).
export function withLink(text, link, placeholder = '{link}') {
  const at = text.indexOf(placeholder);
  return at < 0 ? [text, ' ', link] : [text.slice(0, at), link, text.slice(at + placeholder.length)];
}

export function card(...children) {
  return h('section', { class: 'card' }, ...children);
}
