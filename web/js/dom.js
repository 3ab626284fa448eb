// Tiny DOM helpers shared by the form and the status page. Text always goes in as text nodes, never
// as HTML, so nothing a customer or the API sends can become markup.

/** Creates an element with attributes (skipping undefined/false) and children (strings become text). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A <time> showing an instant in the reader's locale and zone, machine-readable in `datetime`. */
export function timeElement(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return el('span', {}, 'unknown time');
  const text = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' }).format(date);
  return el('time', { datetime: date.toISOString() }, text);
}

/** Reads a JSON body if there is one; null for an empty or non-JSON body. */
export async function readJson(response) {
  const type = response.headers.get('content-type') ?? '';
  if (!/json/i.test(type)) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** An API path resolved against this page, so the site works under any host (same origin as the API). */
export const apiUrl = (path) => new URL(path, document.baseURI).toString();
