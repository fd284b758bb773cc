// A cell's code in a link: `#share=<cell id>.<code>`, the code deflated and
// base64url-encoded. It lives in the fragment, which browsers never send to a
// server, so a shared cell stays between the two readers.

const PREFIX = 'share=';
/** The most code a link may carry, inflated: far more than any cell, far less than a tab can choke on. */
export const MAX_SHARED_CODE = 64 * 1024;
/** The longest fragment read at all (deflated code compresses about 3:1; base64 adds a third). */
export const MAX_FRAGMENT = 96 * 1024;

const UNREADABLE = 'This link does not carry a cell’s code that can be read (it may have been cut short).';
export const TOO_LONG = `This link carries more code than a cell holds (over ${MAX_SHARED_CODE / 1024} KB), so it was not opened.`;

export interface Shared {
  id: string;
  code: string;
}

/** Code too long for a link: sharing says so instead of making a link no one can open. */
export class SharedCodeTooLong extends Error {}

/** The fragment (with its #) that carries `code` for cell `id`. */
export async function shareFragment(id: string, code: string): Promise<string> {
  const bytes = new TextEncoder().encode(code);
  if (bytes.length > MAX_SHARED_CODE) throw new SharedCodeTooLong(TOO_LONG);
  const packed = (await pipe(bytes, new CompressionStream('deflate-raw')))!;
  return `#${PREFIX}${id}.${toBase64Url(packed)}`;
}

/**
 * The cell and code a fragment carries; null when it carries none. A
 * fragment that looks like a share but does not decode gives `error`.
 */
export async function readShare(hash: string): Promise<Shared | { error: string } | null> {
  let body = hash.replace(/^#/, '');
  // Some mail and chat programs percent-encode the '=' of a fragment.
  if (/^share%3d/i.test(body)) body = `${PREFIX}${body.slice(PREFIX.length + 2)}`;
  if (!body.startsWith(PREFIX)) return null;
  if (body.length > MAX_FRAGMENT) return { error: TOO_LONG };
  const m = /^([a-z0-9-]+)\.([A-Za-z0-9_-]*)$/.exec(body.slice(PREFIX.length));
  if (!m) return { error: UNREADABLE };
  try {
    const bytes = await pipe(fromBase64Url(m[2]), new DecompressionStream('deflate-raw'), MAX_SHARED_CODE);
    if (bytes === null) return { error: TOO_LONG };
    return { id: m[1], code: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: UNREADABLE };
  }
}

/** Bytes through a (de)compression stream; null as soon as more than `max` come out (a zip bomb stops there). */
async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, max = Infinity): Promise<Uint8Array | null> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}
