/**
 * Where a value's literal comes from: the literal tokens a slot's value reaches, directly, through variables
 * (`const RUN_ID = 'x'` … `runId: RUN_ID`, a few hops) and through array items (`RUN_IDS = ['a', B]`), and the
 * threads a thread slot holds (a literal text each, or unknown). Shared by pairing, tables, calls and factories.
 */
import type { CarrierNames, NameRole } from './names';
import type { Outline } from './outline';
import type { Slot, SlotIndex } from './slots';
import type { Token } from './tokens';
import type { Leaf } from './values';

/** A thread beside a run: its literal text, or `undefined` when the text gives no literal (computed, a parameter…). */
export interface ThreadRef {
  readonly text: string | undefined;
  readonly token: number;
}

const MAX_HOPS = 4;

export class LiteralFlow {
  private readonly slotsByGroup = new Map<number, Slot[]>();

  constructor(
    readonly outline: Outline,
    readonly slots: SlotIndex,
    private readonly names: CarrierNames,
  ) {
    for (const slot of slots.slots) {
      const list = this.slotsByGroup.get(slot.group);
      if (list) list.push(slot);
      else this.slotsByGroup.set(slot.group, [slot]);
    }
  }

  roleOf(name: string): NameRole {
    return this.names.roleOf(name);
  }

  isRelatedRun(name: string): boolean {
    return this.names.isRelatedRun(name);
  }

  /** The slots that are direct members of group `g`. */
  slotsIn(g: number): readonly Slot[] {
    return this.slotsByGroup.get(g) ?? [];
  }

  text(token: number): string {
    return (this.outline.token(token) as Token).value;
  }

  isText(token: number): boolean {
    const kind = this.outline.token(token)?.kind;
    return kind === 'string' || kind === 'template';
  }

  /** The literal tokens a leaf stands for, through variables (`undefined`: not a literal the text shows). */
  literalTokens(leaf: Leaf, from: number, hops = 0): number[] | undefined {
    if (leaf.kind === 'literal') return [leaf.token];
    // An array where one value is read (`for (const id of RUN_IDS)`): each of its items.
    if (leaf.kind === 'array') return this.arrayTokens(leaf.group, hops + 1);
    if (leaf.kind !== 'ref' || hops >= MAX_HOPS) return undefined;
    const declaration = this.slots.resolve(leaf.name, from);
    if (!declaration || !declaration.leaves || declaration.leaves.length === 0) return undefined;
    const scope = this.outline.groupOf[declaration.token] as number;
    const found: number[] = [];
    for (const inner of declaration.leaves) {
      const tokens = this.literalTokens(inner, scope, hops + 1);
      if (!tokens) return undefined;
      found.push(...tokens);
    }
    return found;
  }

  /** The literal a name at `token` stands for in group `from`. */
  nameTokens(token: number, from: number): number[] | undefined {
    return this.literalTokens({ kind: 'ref', name: this.text(token), token }, from);
  }

  /** The literal items of an array group (`['run-1', RUN_2]`). */
  arrayTokens(group: number, hops = 0): number[] {
    const found: number[] = [];
    for (const [start, end] of this.outline.items(group)) {
      if (end - start !== 1) continue;
      if (this.isText(start)) found.push(start);
      else if (this.outline.isIdent(start) && hops < MAX_HOPS) found.push(...(this.literalTokens({ kind: 'ref', name: this.text(start), token: start }, group, hops + 1) ?? []));
    }
    return found;
  }

  /** Every literal token a slot's leaves reach (arrays included). */
  valueTokens(slot: Slot): number[] {
    const found: number[] = [];
    for (const leaf of slot.leaves) {
      if (leaf.kind === 'array') found.push(...this.arrayTokens(leaf.group));
      else found.push(...(this.literalTokens(leaf, slot.group) ?? []));
    }
    return found;
  }

  /**
   * The threads stored by a thread slot: literal texts, or unknown. `ownParams`: a function's parameter list whose
   * names are skipped (in a factory, the parameter's own slot already says what it holds).
   */
  threadRefsOf(slot: Slot, ownParams = -1): ThreadRef[] {
    if (slot.leaves.length === 0) return [{ text: undefined, token: slot.nameToken }];
    const refs: ThreadRef[] = [];
    for (const leaf of slot.leaves) {
      if (ownParams >= 0 && leaf.kind === 'ref') {
        const declaration = this.slots.resolve(leaf.name, slot.group);
        const list = this.outline.group(ownParams);
        if (declaration && declaration.token > list.open && declaration.token < list.close) continue;
      }
      refs.push(...this.refsOf(leaf, slot.group, leaf.token));
    }
    return refs;
  }

  /** A thread value (a leaf in group `from`) as thread references; `at` marks an unknown one. */
  refsOf(leaf: Leaf, from: number, at: number): ThreadRef[] {
    const tokens = this.literalTokens(leaf, from);
    if (!tokens) return [{ text: undefined, token: at }];
    return tokens.map((token) => ({ text: this.isText(token) ? this.text(token) : undefined, token }));
  }

  /** The threads stored by the thread slots directly in group `g`. */
  threadsIn(g: number): ThreadRef[] {
    const refs: ThreadRef[] = [];
    for (const slot of this.slotsIn(g)) if (this.roleOf(slot.name) === 'thread') refs.push(...this.threadRefsOf(slot));
    return refs;
  }
}
