// The screen the page brought (src/server/web-screens.ts: the worklist, a case file, the public
// dashboard, written into #root with data-served) is replaced by the app's own once that is
// ready, with nothing lost: the app draws out of the document, and when its screen shows what
// the page's showed (or a problem, or the sign-in), what was typed or chosen in the page's fields
// goes into the app's fields of the same id (as if typed: the app's state follows), the cursor
// goes where it was, and the app's takes the page's place. Until then the page's screen is read
// and its links followed as usual; its buttons wait for the app.

/** When the app's own screen shows what the page's showed. */
const READY: Record<string, string> = {
  list: '.result-count:not([aria-busy="true"])',
  case: 'ol.history, #history-title + p:not(.loading)',
  register: 'form #f-person-givenNames',
  publicStatistics: '.stats-key-value',
};
/** Or it has something else to say: a problem, or the sign-in (the session ended meanwhile). */
const OTHERWISE = '[role="alert"]:not([hidden]), main.signin';
/** The app's screen takes the place anyway after this long (a screen that never gets ready shows its own state). */
const GIVE_UP_MS = 20_000;

/** #root when the page brought a screen of its own. */
export function servedScreen(): HTMLElement | undefined {
  const root = document.getElementById('root');
  return root?.dataset.served ? root : undefined;
}

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
const isField = (element: Element | null): element is Field => element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement;
const isChoice = (field: Field): field is HTMLInputElement => field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio');
/** How a field is found again in the app's screen: by its id, a choice by its name and value. */
const keyOf = (field: Field): string | undefined => (field.id ? `#${CSS.escape(field.id)}` : isChoice(field) && field.name ? `input[name="${CSS.escape(field.name)}"][value="${CSS.escape(field.value)}"]` : undefined);

interface Typed {
  fields: { key: string; value: string; checked: boolean }[];
  focus: { key: string; start: number | null; end: number | null } | undefined;
  /** Which of its folded sections (<details>) were open. */
  open: boolean[];
}

/** What was typed or chosen in the page's fields (those changed from how the page came), and where the cursor is. */
function typed(served: HTMLElement): Typed {
  const fields = [...served.querySelectorAll('input, select, textarea')].filter(isField).flatMap((field) => {
    const changed = field instanceof HTMLSelectElement ? [...field.options].some((option) => option.selected !== option.defaultSelected) : isChoice(field) ? field.checked !== field.defaultChecked : field.value !== field.defaultValue;
    const key = keyOf(field);
    return changed && key ? [{ key, value: field.value, checked: isChoice(field) && field.checked }] : [];
  });
  const active = document.activeElement;
  const key = isField(active) && served.contains(active) ? keyOf(active) : undefined;
  const selection = (field: Field) => (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) && !isChoice(field) ? { start: field.selectionStart, end: field.selectionEnd } : { start: null, end: null };
  const focus = key && isField(active) ? { key, ...selection(active) } : undefined;
  return { fields, focus, open: [...served.querySelectorAll('details')].map((details) => details.open) };
}

/** Puts a value into the app's field as typing or clicking would: its handlers run, so the app's state has it. */
function enter(field: Field, value: string, checked: boolean): void {
  if (isChoice(field)) {
    if (field.checked !== checked) field.click();
    return;
  }
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field) as object, 'value')?.set;
  if (setter) setter.call(field, value);
  else field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Into the app's screen: what was typed (a field shown only by another's answer, once the app has drawn it), the open sections, the cursor. */
async function adopt(container: HTMLElement, { fields, focus, open }: Typed): Promise<void> {
  const find = (key: string) => {
    const element = container.querySelector(key);
    return isField(element) ? element : undefined;
  };
  const details = [...container.querySelectorAll('details')];
  if (details.length === open.length) details.forEach((element, i) => open[i] && (element.open = true));
  let waiting = fields;
  for (let round = 0; round < 5 && waiting.length > 0; round++) {
    if (round > 0) await new Promise((resolve) => window.setTimeout(resolve, 0));
    waiting = waiting.filter(({ key, value, checked }) => {
      const target = find(key);
      if (target) enter(target, value, checked);
      return !target;
    });
  }
  const target = focus ? find(focus.key) : undefined;
  if (!focus || !target) return;
  target.focus();
  if ((target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && focus.start !== null) {
    try {
      target.setSelectionRange(focus.start, focus.end ?? focus.start);
    } catch {
      // Not every input type has a selection (date, number).
    }
  }
}

/** Draws the app (`draw`) out of the document and puts it in place of the page's screen when ready. */
export function takeOver(served: HTMLElement, draw: (container: HTMLElement) => void): void {
  // Out of the document until it is ready: no second copy of the screen's ids or landmarks in the page meanwhile.
  const container = document.createElement('div');
  const ready = `${READY[served.dataset.served ?? ''] ?? 'main'}, ${OTHERWISE}`;
  let done = false;
  const swap = () => {
    if (done) return;
    done = true;
    observer.disconnect();
    window.clearTimeout(timer);
    const what = typed(served);
    container.id = 'root';
    served.replaceWith(container);
    void adopt(container, what);
  };
  const check = () => {
    if (container.querySelector(ready)) swap();
  };
  const observer = new MutationObserver(check);
  observer.observe(container, { childList: true, subtree: true, attributes: true, characterData: true });
  const timer = window.setTimeout(swap, GIVE_UP_MS);
  draw(container);
  check();
}
