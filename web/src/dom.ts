// DOM building without HTML parsing: every string goes in as a text node, so text from articles can never become
// markup (issue 5: "All article text is rendered as text, never as HTML").

/** Attributes and properties accepted by `el`. Event handlers are functions, never strings. */
export interface ElOptions {
  readonly class?: string;
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly on?: Readonly<Partial<Record<keyof HTMLElementEventMap, (e: Event) => void>>>;
}

/**
 * Creates an element whose children are nodes or strings (strings become text nodes).
 *
 * @example el('p', { class: 'note' }, 'Attack on ', el('b', {}, 'Sumy'))
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElOptions = {},
  ...children: readonly (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.class) node.className = options.class;
  for (const [k, v] of Object.entries(options.attrs ?? {})) {
    if (v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const [k, fn] of Object.entries(options.on ?? {})) if (fn) node.addEventListener(k, fn);
  append(node, ...children);
  return node;
}

/** Appends nodes or strings (as text nodes) to a parent. */
export function append(
  parent: Node,
  ...children: readonly (Node | string | null | undefined | false)[]
): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** Removes every child of a node. */
export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** The element with this id, or a thrown error naming it (a missing element is a bug in index.html). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`web: #${id} missing from index.html`);
  return node as T;
}

/** An SVG element (the timeline is drawn with these). */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string | number>> = {},
): SVGElementTagNameMap[K] {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}
