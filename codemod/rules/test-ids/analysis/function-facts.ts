/**
 * What the file's named functions say about IDs: their signatures (which parameters take run or thread IDs, and a
 * thread parameter's literal default), so calls anywhere in the project can be judged; and, for functions that
 * build records (factories), the default thread of what they build (`{ thread_id: FIXTURE_THREAD, ...overrides }`).
 */
import type { LiteralFlow } from './literal-flow';
import { isFactoryName } from './names';
import type { FunctionInfo, Slot } from './slots';

export type ParameterRole = 'run' | 'thread' | '';

export interface Signature {
  readonly name: string;
  /** Per parameter: its role, and for a thread parameter its literal default. */
  readonly params: readonly { readonly role: ParameterRole; readonly default?: string }[];
}

export interface Factory {
  readonly name: string;
  /** The thread its result carries unless the caller gives one: a literal, `null` (not a literal), `false` (none). */
  readonly thread: string | null | false;
}

export function signatureOf(flow: LiteralFlow, fn: FunctionInfo): Signature | undefined {
  const params = flow.slotsIn(fn.params).filter((slot) => slot.kind === 'param');
  if (params.length === 0) return undefined;
  const byToken = new Map(params.map((slot) => [slot.nameToken, slot]));
  const roles = flow.outline.items(fn.params).map(([start, end]): { role: ParameterRole; default?: string } => {
    let slot: Slot | undefined;
    for (let i = start; i < end && !slot; i++) slot = byToken.get(i);
    const role = slot ? flow.roleOf(slot.name) : 'other';
    if (!slot || (role !== 'run' && role !== 'thread')) return { role: '' };
    const leaf = slot.leaves[0];
    if (role === 'thread' && leaf && leaf.kind === 'literal' && slot.leaves.length === 1) return { role, default: flow.text(leaf.token) };
    return { role };
  });
  return roles.some((param) => param.role !== '') ? { name: fn.name, params: roles } : undefined;
}

/** The default thread of what a function builds, when it looks like it builds run records (or is named so). */
export function factoryOf(flow: LiteralFlow, fn: FunctionInfo): Factory | undefined {
  const outline = flow.outline;
  const start = outline.group(fn.params).open;
  const end = Math.max(outline.group(fn.params).close, fn.body >= 0 ? outline.group(fn.body).close : 0);
  let carriers = 0;
  const literals = new Set<string>();
  let unknown = false;
  for (const slot of flow.slots.slots) {
    if (slot.nameToken < start || slot.nameToken > end) continue;
    const role = flow.roleOf(slot.name);
    if (role === 'run') carriers++;
    if (role !== 'thread') continue;
    carriers++;
    for (const ref of flow.threadRefsOf(slot, fn.params)) {
      if (ref.text === undefined) unknown = true;
      else literals.add(ref.text);
    }
  }
  if (carriers === 0 && !isFactoryName(fn.name)) return undefined;
  const thread = unknown || literals.size > 1 ? null : literals.size === 1 ? ([...literals][0] as string) : false;
  return { name: fn.name, thread };
}
