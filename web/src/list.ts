// The event list beside the map: a listbox with one option per event, navigable by keyboard (arrows, Home/End,
// Page Up/Down; Enter or a click selects), so the chronicle can be read without the map.
import type { WebEvent } from './api.js';
import { TYPE_COLOURS } from './api.js';
import { clear, el } from './dom.js';

/** Most items the list renders at once; a note says how many more match. */
export const LIST_MAX = 500;

/** The list's calls. */
export interface EventList {
  setEvents(events: readonly WebEvent[], total: number): void;
  /** Marks an event selected (and scrolls it into view) without moving focus. */
  select(id: string): void;
}

/** A short label of an event for the list and for screen readers. */
export function eventLabel(e: WebEvent): string {
  const where = e.location || e.admin1 || 'place unknown';
  return `${e.event_date} · ${e.sub_event_type || e.event_type} · ${where}`;
}

/** Creates the list in `ol` (role=listbox); `onSelect` fires on Enter, Space or a click. */
export function createEventList(
  ol: HTMLOListElement,
  count: HTMLElement,
  onSelect: (id: string) => void,
): EventList {
  let selected = '';
  const options = (): HTMLElement[] => [...ol.querySelectorAll<HTMLElement>('[role="option"]')];

  function focusAt(i: number): void {
    const all = options();
    if (all.length === 0) return;
    const target = all[Math.max(0, Math.min(all.length - 1, i))];
    for (const o of all) o.tabIndex = -1;
    target.tabIndex = 0;
    target.focus();
  }

  ol.addEventListener('keydown', (e) => {
    const all = options();
    const i = all.indexOf(document.activeElement as HTMLElement);
    const page = 10;
    const moves: Record<string, number> = {
      ArrowDown: i + 1,
      ArrowUp: i - 1,
      Home: 0,
      End: all.length - 1,
      PageDown: i + page,
      PageUp: i - page,
    };
    if (e.key in moves) {
      e.preventDefault();
      focusAt(moves[e.key]);
    } else if ((e.key === 'Enter' || e.key === ' ') && i >= 0) {
      e.preventDefault();
      const id = all[i].dataset.id;
      if (id) onSelect(id);
    }
  });

  return {
    setEvents(events, total) {
      clear(ol);
      const shown = events.slice(0, LIST_MAX);
      shown.forEach((e, i) => {
        const swatch = el('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } });
        swatch.style.background = TYPE_COLOURS[e.event_type] ?? '#666';
        const li = el(
          'li',
          {
            class: 'event-item',
            attrs: {
              role: 'option',
              id: `opt-${i}`,
              tabindex: i === 0 ? 0 : -1,
              'aria-selected': e.event_id === selected ? 'true' : 'false',
              'data-id': e.event_id,
              'data-date': e.event_date,
            },
            on: { click: () => onSelect(e.event_id) },
          },
          swatch,
          el('span', { class: 'event-title' }, eventLabel(e)),
          el('span', { class: 'event-sub' }, [e.actor1, e.outlet].filter(Boolean).join(' — ')),
        );
        ol.appendChild(li);
      });
      count.textContent = total > shown.length ? `(${shown.length} of ${total} shown)` : `(${total})`;
      if (shown.length === 0)
        ol.appendChild(el('li', { class: 'empty', attrs: { role: 'presentation' } }, 'No events match.'));
    },
    select(id) {
      selected = id;
      for (const o of options()) {
        const on = o.dataset.id === id;
        o.setAttribute('aria-selected', on ? 'true' : 'false');
        if (on) {
          for (const other of options()) other.tabIndex = -1;
          o.tabIndex = 0;
          o.scrollIntoView({ block: 'nearest' });
        }
      }
    },
  };
}
