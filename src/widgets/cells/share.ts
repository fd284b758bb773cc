// A cell's code in a link: `#share=<cell id>.<code>`, the code deflated and
// base64url-encoded. It lives in the fragment, which browsers never send to a
// server, so a shared cell stays between the two readers.

const PREFIX = 'share=';

export interface Shared {
  id: string;
  code: string;
}

/** The fragment (with its #) that carries `code` for cell `id`. */
export async function shareFragment(id: string, code: string): Promise<string> {
  const packed = await pipe(new TextEncoder().encode(code), new CompressionStream('deflate-raw'));
  return `#${PREFIX}${id}.${toBase64Url(packed)}`;
}

/**
 * The cell and code a fragment carries; null when it carries none. A
 * fragment that looks like a share but does not decode gives `error`.
 */
export async function readShare(hash: string): Promise<Shared | { error: string } | null> {
  const body = hash.replace(/^#/, '');
  if (!body.startsWith(PREFIX)) return null;
  const m = /^([a-z0-9-]+)\.([A-Za-z0-9_-]*)$/.exec(body.slice(PREFIX.length));
  if (!m) return { error: 'This link does not carry a cell’s code that can be read (it may have been cut short).' };
  try {
    const bytes = await pipe(fromBase64Url(m[2]), new DecompressionStream('deflate-raw'));
    return { id: m[1], code: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: 'This link does not carry a cell’s code that can be read (it may have been cut short).' };
  }
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
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
