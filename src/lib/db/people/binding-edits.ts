import type { CrosstalkDatabase } from '../store/database';
import { saveDeviceState, type Settings } from '../store/settings';
import type { AssociationCache } from './association-cache';
import { writeEdits, type EditAction } from './service';

const UNDO_LIMIT = 50;

type Change = EditAction['before'][number];

/** The user's binding decisions: attach, detach, merge, split, each undoable (the undo stack is device state). */
export class BindingEdits {
  constructor(
    private readonly db: CrosstalkDatabase,
    private readonly people: AssociationCache,
    private readonly state: Settings
  ) {}

  private get device() {
    return this.state.device;
  }

  /** Binds a chat identity or number node to a person. */
  async attach(personId: string, node: string): Promise<void> {
    await this.apply('attach', [{ a: personId, b: node, op: 'bind' }]);
  }

  async merge(personA: string, personB: string): Promise<void> {
    await this.apply('merge', [{ a: personA, b: personB, op: 'bind' }]);
  }

  /** Splits `nodes` off a person: every edge between them and the rest of the person is unbound. */
  async split(personId: string, nodes: string[]): Promise<void> {
    const association = await this.people.current();
    const person = association.people.find((p) => p.id === personId);
    if (!person) return;
    const moving = new Set(nodes);
    const staying = new Set(person.nodes.filter((n) => !moving.has(n)));
    const changes = new Map<string, Change>();
    for (const n of moving) {
      for (const e of await this.edgesWithin(n, staying)) changes.set(e.a + '\u0000' + e.b, { a: e.a, b: e.b, op: 'unbind' });
    }
    await this.apply('split', [...changes.values()]);
  }

  /** The user confirms suggested matches: each identity `node` is bound to its suggested person's `anchor`. */
  async accept(label: 'accept' | 'acceptStrong', pairs: { node: string; anchor: string }[]): Promise<void> {
    await this.apply(label, pairs.map((p) => ({ a: p.node, b: p.anchor, op: 'bind' as const })));
  }

  /** The user says an identity is not this person: an 'unbind' edge, so the match is never offered again. */
  async reject(node: string, anchor: string): Promise<void> {
    await this.apply('reject', [{ a: node, b: anchor, op: 'unbind' }]);
  }

  canUndo(): string | null {
    return this.device.undo.at(-1)?.label ?? null;
  }

  async undo(): Promise<boolean> {
    const action = this.device.undo.at(-1);
    if (!action) return false;
    this.device.undo = this.device.undo.slice(0, -1);
    await this.people.changing(async () => {
      await writeEdits(this.db, this.device, action.before);
      await saveDeviceState(this.db, this.device);
    });
    return true;
  }

  private async apply(label: string, changes: Change[]): Promise<void> {
    if (!changes.length) return;
    const before = await this.people.changing(() => writeEdits(this.db, this.device, changes));
    const action: EditAction = { label, before };
    this.device.undo = [...this.device.undo, action].slice(-UNDO_LIMIT);
    await this.people.changing(() => saveDeviceState(this.db, this.device));
  }

  /** Edges that currently hold `node` to other nodes of its person (found in files or bound by the user). */
  private async edgesWithin(node: string, personNodes: Set<string>) {
    const association = await this.people.current();
    const edits = await this.db.edits.find().exec();
    const edges = [...association.autoEdges.values(), ...edits.filter((e) => e.op === 'bind')];
    return edges.filter((e) => (e.a === node && personNodes.has(e.b)) || (e.b === node && personNodes.has(e.a)));
  }
}
