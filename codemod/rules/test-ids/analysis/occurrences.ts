/**
 * The ID literals of one file and what pairs them: a literal flows into a run or thread carrier (a named slot, an
 * `it.each` column, an element of `RUN_IDS = […]`, directly or through a variable), and each run literal gets its
 * pairing (`pairing.ts`). Also what the file says for other files (signatures, factories, calls with literal
 * arguments), and literals that the names around them say are no IDs (`status: 'pending'`) or invalid on purpose
 * (`INVALID_RUN_ID`).
 */
import { callSites } from './call-sites';
import type { CallSite } from './call-sites';
import type { LiteralContexts } from './contexts';
import { tableCells } from './each-tables';
import { factoryOf, signatureOf } from './function-facts';
import type { Factory, Signature } from './function-facts';
import { LiteralFlow } from './literal-flow';
import type { ThreadRef } from './literal-flow';
import type { CarrierNames } from './names';
import type { Outline } from './outline';
import { Pairings } from './pairing';
import { isRequestInput } from './request-input';
import type { Slot, SlotIndex } from './slots';

export type { CallSite } from './call-sites';
export type { Factory, ParameterRole, Signature } from './function-facts';
export type { ThreadRef } from './literal-flow';

export interface RunOccurrence {
  readonly text: string;
  /** The literal's token. */
  readonly token: number;
  readonly paired: readonly ThreadRef[];
  readonly scope: readonly ThreadRef[];
  /** The function a run handed without a thread goes to, which may supply the thread (`makeEvent({ run_id })`). */
  readonly factory: string | undefined;
  /** The literal sits in a test that expects a rejection: its pairing is weak evidence. */
  readonly rejection: boolean;
}

export interface ThreadOccurrence {
  readonly text: string;
  readonly token: number;
  readonly rejection: boolean;
}

/** A literal stored under a name that is no ID (`status`) or that says it is invalid on purpose (`INVALID_RUN_ID`). */
export interface NamedUse {
  readonly text: string;
  readonly name: string;
  readonly token: number;
}

export interface ComputedRun {
  readonly token: number;
  readonly name: string;
  readonly reason: string;
}

export class Occurrences {
  readonly runs: RunOccurrence[] = [];
  readonly threads: ThreadOccurrence[] = [];
  readonly nonIdUses: NamedUse[] = [];
  readonly excluded: NamedUse[] = [];
  /** ID literals a test sends to the system as an HTTP request (`analysis/request-input.ts`). */
  readonly requestInputs: NamedUse[] = [];
  readonly computedRuns: ComputedRun[] = [];
  readonly calls: CallSite[];
  readonly signatures: Signature[] = [];
  readonly factories: Factory[] = [];
  /** The first literal token of each text stored in a run or thread carrier (where a warning about it goes). */
  readonly carrierTokens = new Map<string, number>();
  /** The first literal token of each text passed directly as an argument of a call with literal arguments. */
  readonly argumentTokens = new Map<string, number>();
  private readonly flow: LiteralFlow;
  private readonly pairings: Pairings;

  constructor(
    outline: Outline,
    slots: SlotIndex,
    private readonly contexts: LiteralContexts,
    names: CarrierNames,
  ) {
    this.flow = new LiteralFlow(outline, slots, names);
    this.pairings = new Pairings(this.flow);
    for (const fn of slots.functions) {
      const signature = signatureOf(this.flow, fn);
      if (signature) this.signatures.push(signature);
      const factory = factoryOf(this.flow, fn);
      if (factory) this.factories.push(factory);
    }
    for (const slot of slots.slots) this.slot(slot);
    for (const [table, test] of contexts.eachTables) this.table(table, test);
    this.calls = callSites(this.flow, (g) => contexts.groupInRejection(g), (token) => this.note(this.argumentTokens, token));
  }

  private inRejection(...tokens: number[]): boolean {
    return tokens.some((token) => this.contexts.inRejection(token));
  }

  private note(map: Map<string, number>, token: number): void {
    const text = this.flow.text(token);
    const known = map.get(text);
    if (known === undefined || token < known) map.set(text, token);
  }

  private slot(slot: Slot): void {
    const { flow } = this;
    const role = flow.roleOf(slot.name);
    if ((role === 'run' || role === 'thread') && slot.kind === 'prop' && isRequestInput(flow, slot.group)) {
      for (const token of flow.valueTokens(slot).filter((t) => flow.isText(t))) this.requestInputs.push({ text: flow.text(token), name: slot.name, token });
    }
    if (role === 'run') {
      for (const leaf of slot.leaves) if (leaf.kind === 'computed') this.computedRuns.push({ token: leaf.token, name: slot.name, reason: leaf.reason });
      const tokens = flow.valueTokens(slot).filter((token) => flow.isText(token));
      if (tokens.length === 0) return;
      const { paired, factory, scope } = this.pairings.of(slot);
      for (const token of tokens) {
        this.note(this.carrierTokens, token);
        this.runs.push({ text: flow.text(token), token, paired, scope, factory, rejection: this.inRejection(token, slot.nameToken) });
      }
    } else if (role === 'thread') {
      for (const token of flow.valueTokens(slot).filter((t) => flow.isText(t))) {
        this.note(this.carrierTokens, token);
        this.threads.push({ text: flow.text(token), token, rejection: this.inRejection(token, slot.nameToken) });
      }
    } else if (role === 'excluded') {
      for (const token of flow.valueTokens(slot)) this.excluded.push({ text: flow.text(token), name: slot.name, token });
    } else if (role === 'other' && slot.isField) {
      for (const leaf of slot.leaves) if (leaf.kind === 'literal') this.nonIdUses.push({ text: flow.text(leaf.token), name: slot.name, token: leaf.token });
    }
  }

  private table(table: number, test: number): void {
    const rejection = this.contexts.groupInRejection(test);
    for (const cell of tableCells(this.flow, table, test)) {
      const text = this.flow.text(cell.token);
      this.note(this.carrierTokens, cell.token);
      if (cell.kind === 'thread') this.threads.push({ text, token: cell.token, rejection });
      else {
        // A row without a thread: the test function may hand the run on to where one is (`makeRun({ run_id: runId })`).
        const onward = cell.threads.length === 0 ? this.onwardPairing(cell.param, test) : undefined;
        this.runs.push({ text, token: cell.token, paired: onward?.paired ?? cell.threads, scope: [], factory: onward?.factory, rejection });
      }
    }
  }

  /** The pairing of the first run slot inside call group `test` that holds the parameter `param` and is paired. */
  private onwardPairing(param: string, test: number): { paired: readonly ThreadRef[]; factory: string | undefined } | undefined {
    const outline = this.flow.outline;
    const { open, close } = outline.group(test);
    for (const slot of this.flow.slots.slots) {
      const at = outline.group(slot.group).open;
      if (at <= open || at >= close || this.flow.roleOf(slot.name) !== 'run') continue;
      if (!slot.leaves.some((leaf) => leaf.kind === 'ref' && leaf.name === param)) continue;
      const { paired, factory } = this.pairings.of(slot);
      if (paired.length > 0 || factory !== undefined) return { paired, factory };
    }
    return undefined;
  }
}
