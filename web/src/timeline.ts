// The timeline under the map: a histogram of events per day, stacked by type, with a brush that sets the date range.
// The date inputs beside it do the same by keyboard.
import { EVENT_TYPES, TYPE_COLOURS, type DayCount } from './api.js';
import { addDays, dayRange, daysBetween } from './days.js';
import { clear, svg } from './dom.js';

const HEIGHT = 72;
const AXIS = 16;

/** The timeline's calls. */
export interface Timeline {
  /** Replaces the histogram (from /api/stats?bucket=day). */
  setCounts(counts: readonly DayCount[]): void;
  /** Draws the brush over [from, to]; empty strings mean the whole extent. */
  setRange(from: string, to: string): void;
  /** The first and last day with events, or null before counts arrive. */
  extent(): { first: string; last: string } | null;
}

/**
 * Creates the timeline in `container`. `onRange` fires when the user finishes a brush gesture (pointer up), with
 * inclusive ISO days.
 */
export function createTimeline(
  container: HTMLElement,
  onRange: (from: string, to: string) => void,
): Timeline {
  let days: string[] = [];
  let byDay = new Map<string, Map<string, number>>();
  let range: { from: string; to: string } = { from: '', to: '' };
  let drag: { anchor: string; current: string } | null = null;

  const root = svg('svg', { class: 'timeline-svg', height: HEIGHT + AXIS, role: 'img' });
  container.appendChild(root);

  const width = (): number => Math.max(200, container.clientWidth);
  const dayAt = (x: number): string => {
    const i = Math.floor((x / width()) * days.length);
    return days[Math.min(days.length - 1, Math.max(0, i))];
  };

  function draw(): void {
    clear(root);
    const w = width();
    root.setAttribute('width', String(w));
    root.setAttribute('viewBox', `0 0 ${w} ${HEIGHT + AXIS}`);
    if (days.length === 0) {
      root.setAttribute('aria-label', 'No events to chart');
      return;
    }
    const step = w / days.length;
    let max = 1;
    for (const m of byDay.values())
      max = Math.max(
        max,
        [...m.values()].reduce((a, b) => a + b, 0),
      );
    const total = [...byDay.values()].reduce((a, m) => a + [...m.values()].reduce((x, y) => x + y, 0), 0);
    root.setAttribute('aria-label', `${total} events from ${days[0]} to ${days[days.length - 1]}, by day`);
    const bars = svg('g', { class: 'bars' });
    days.forEach((d, i) => {
      const m = byDay.get(d);
      if (!m) return;
      let y = HEIGHT;
      for (const t of EVENT_TYPES) {
        const n = m.get(t) ?? 0;
        if (n === 0) continue;
        const h = (n / max) * (HEIGHT - 4);
        y -= h;
        const rect = svg('rect', {
          x: i * step + 0.5,
          y,
          width: Math.max(1, step - 1),
          height: h,
          fill: TYPE_COLOURS[t] ?? '#666',
          'data-day': d,
        });
        const title = svg('title');
        title.textContent = `${d}: ${n} ${t}`;
        rect.appendChild(title);
        bars.appendChild(rect);
      }
    });
    root.appendChild(bars);
    // Month ticks: a label at each first of the month that fits.
    const axis = svg('g', { class: 'axis' });
    let lastX = -100;
    days.forEach((d, i) => {
      if (!d.endsWith('-01') && i !== 0) return;
      const x = i * step;
      if (x - lastX < 60) return;
      lastX = x;
      const text = svg('text', { x: x + 2, y: HEIGHT + AXIS - 3 });
      text.textContent = d.slice(0, 7);
      axis.appendChild(svg('line', { x1: x, x2: x, y1: HEIGHT, y2: HEIGHT + 4, stroke: '#777' }));
      axis.appendChild(text);
    });
    root.appendChild(axis);
    const shown = drag
      ? {
          from: drag.anchor < drag.current ? drag.anchor : drag.current,
          to: drag.anchor < drag.current ? drag.current : drag.anchor,
        }
      : range;
    if (shown.from || shown.to) {
      const a = Math.max(0, daysBetween(days[0], shown.from || days[0]));
      const b = Math.min(days.length - 1, daysBetween(days[0], shown.to || days[days.length - 1]));
      if (b >= a) {
        root.appendChild(
          svg('rect', { class: 'brush', x: a * step, y: 0, width: (b - a + 1) * step, height: HEIGHT }),
        );
      }
    }
  }

  root.addEventListener('pointerdown', (e) => {
    if (days.length === 0) return;
    const x = e.clientX - root.getBoundingClientRect().left;
    const d = dayAt(x);
    drag = { anchor: d, current: d };
    root.setPointerCapture(e.pointerId);
    draw();
  });
  root.addEventListener('pointermove', (e) => {
    if (!drag) return;
    drag.current = dayAt(e.clientX - root.getBoundingClientRect().left);
    draw();
  });
  const finish = (): void => {
    if (!drag) return;
    const [from, to] =
      drag.anchor <= drag.current ? [drag.anchor, drag.current] : [drag.current, drag.anchor];
    drag = null;
    range = { from, to };
    draw();
    onRange(from, to);
  };
  root.addEventListener('pointerup', finish);
  root.addEventListener('pointercancel', () => {
    drag = null;
    draw();
  });
  new ResizeObserver(() => draw()).observe(container);

  return {
    setCounts(counts) {
      byDay = new Map();
      for (const c of counts) {
        if (!c.day) continue;
        const m = byDay.get(c.day) ?? new Map<string, number>();
        m.set(c.eventType, (m.get(c.eventType) ?? 0) + c.count);
        byDay.set(c.day, m);
      }
      const keys = [...byDay.keys()].sort();
      // One padding day either side keeps the first and last bars off the edges.
      days = keys.length ? dayRange(addDays(keys[0], -1), addDays(keys[keys.length - 1], 1)) : [];
      draw();
    },
    setRange(from, to) {
      range = { from, to };
      draw();
    },
    extent() {
      return days.length ? { first: days[1] ?? days[0], last: days[days.length - 2] ?? days[0] } : null;
    },
  };
}
