/**
 * Objects a test sends to the system as an HTTP request: `handle('POST', '/chat', { … })`, `api.post('/runs', { … })`,
 * supertest's `.post('/runs').send({ … })`, `inject({ method: 'POST', url: '/x', payload: { … } })`, `fetch('/x', { body:
 * JSON.stringify({ … }) })`. What a client sends is the client's value: the server may read it as this system's ID
 * or as the client's own label, and the text cannot tell which (the provenance analysis counts request input as
 * foreign for the same reason), so the rule leaves it to the user.
 */
import type { LiteralFlow } from './literal-flow';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
/** Keys under which a request object holds what is sent. */
const PAYLOAD_KEYS = new Set(['body', 'payload', 'json', 'query', 'form', 'data', 'params', 'searchParams']);
/** Calls that send what a chained `.post('/x')` opened (supertest, light-my-request). */
const SENDERS = new Set(['send', 'query', 'field', 'payload', 'body']);

/** True when object group `object` is (or sits, as a payload, inside) what a test sends as a request. */
export function isRequestInput(flow: LiteralFlow, object: number): boolean {
  const outline = flow.outline;
  let group = object;
  /** First token of the value `group` belongs to (`JSON` of `JSON.stringify({ … })`). */
  let start = outline.group(group).open;
  for (let hops = 0; hops < 4; hops++) {
    const parent = outline.group(group).parent;
    if (parent < 0) return false;
    const role = outline.group(parent).role;
    if (role === 'call') {
      if (outline.group(parent).callee === 'stringify') {
        group = parent;
        start = outline.group(parent).open - 1;
        if (outline.is(start - 1, '.') && outline.isIdent(start - 2)) start -= 2;
        continue;
      }
      return isRequestCall(flow, parent);
    }
    const key = outline.is(start - 1, ':') && outline.isIdent(start - 2) ? flow.text(start - 2) : undefined;
    if (role !== 'object' || key === undefined || !PAYLOAD_KEYS.has(key)) return false;
    // `{ method: 'POST', url: '/x', payload: { … } }` or `{ body: … }` handed to a request call.
    if (hasRequestKeys(flow, parent)) return true;
    group = parent;
    start = outline.group(group).open;
  }
  return false;
}

function literalArguments(flow: LiteralFlow, call: number): string[] {
  return flow.outline
    .items(call)
    .filter(([start, end]) => end - start === 1 && flow.isText(start))
    .map(([start]) => flow.text(start));
}

function isPath(text: string): boolean {
  return text.startsWith('/') || /^https?:\/\//.test(text);
}

function isRequestCall(flow: LiteralFlow, call: number): boolean {
  const literals = literalArguments(flow, call);
  if (literals.some((text) => METHODS.has(text.toLowerCase())) && literals.some(isPath)) return true;
  // `fetch('/x', …)`, `api.post('/runs', { … })` (axios, ky, supertest's agent).
  const callee = flow.outline.group(call).callee;
  if (literals.some(isPath) && (callee === 'fetch' || callee === 'request' || METHODS.has(callee))) return true;
  const chain = flow.outline.chain(call);
  return SENDERS.has(chain[0] ?? '') && chain.slice(1).some((name) => METHODS.has(name));
}

/** An object with a `method` or `url` key (a request's options). */
function hasRequestKeys(flow: LiteralFlow, object: number): boolean {
  const outline = flow.outline;
  return outline.items(object).some(([start, end]) => end - start >= 3 && outline.isIdent(start) && ['method', 'url'].includes(flow.text(start)) && outline.is(start + 1, ':'));
}
