/**
 * Who is the owner in a chat export, and whom each message is with.
 *
 * Chat exports name authors, not directions. An author is the owner when options.me lists their handle or
 * name (case-insensitive), or when the file itself says so (WeChat's IsSender). The chat's title (from a
 * header or the file name) and whether it is a group come from the file when it says; otherwise records are
 * held back (at most ROLE_WINDOW) until the authors decide:
 * - two or more authors other than the owner make a group;
 * - in a one-to-one chat the partner is the author named like the title, else the one author other than the
 *   owner; every other author is the owner (an export shows only two sides).
 * Placement: in one-to-one chats the handle is the partner's in both directions; in groups it is the
 * author's for `in` and the group's title (or 'group') for `out`, and conversation is the title.
 */
import type { Direction } from '../../model/event';
import { ownedText } from '../../util/owned-text';

/** An author as the file shows them: a stable handle (QQ number, wxid, or the display name) and a name. */
export interface ChatAuthor {
  handle: string;
  name: string | null;
}

/** What a file says about its chat before its messages. */
export interface ChatSetup {
  /** The group's name, or the one-to-one partner's name; null when the file has none. */
  title: string | null;
  /** True or false when the file says; null to decide from the authors. */
  group: boolean | null;
}

/** Where an event belongs: its direction, counterpart and group conversation. */
export interface Placement {
  direction: Direction;
  handle: string | null;
  name: string | null;
  conversation: string | null;
}

const ROLE_WINDOW = 2000;

/** Keys of the handles and names seen lately: a chat has few authors, and every record asks for its author's. */
const keys = new Map<string, string>();
/** What the caches below hold at most: entries, and characters of a text (longer ones are not remembered). */
const MAX_KEYS = 10_000;
const MAX_KEY_CHARS = 256;

function keyOf(text: string): string {
  if (text.length > MAX_KEY_CHARS) return text.trim().toLowerCase();
  let key = keys.get(text);
  if (key === undefined) {
    if (keys.size >= MAX_KEYS) keys.clear();
    // Copies: the cache outlives the chunk of file text they were cut from (util/owned-text.ts).
    key = ownedText(text.trim().toLowerCase());
    keys.set(ownedText(text), key);
  }
  return key;
}

/** Authors by the text a file writes for them, made once: a chat has few authors, and every message names one. */
export class Authors<A extends ChatAuthor = ChatAuthor> {
  private readonly byText = new Map<string, A>();

  constructor(private readonly make: (text: string) => A) {}

  of(text: string): A {
    if (text.length > MAX_KEY_CHARS) return this.make(text);
    let author = this.byText.get(text);
    if (!author) {
      if (this.byText.size >= MAX_KEYS) this.byText.clear();
      const own = ownedText(text); // kept for the whole file: a copy, not a view into one chunk of it
      author = this.make(own);
      this.byText.set(own, author);
    }
    return author;
  }
}

/** An author known by a display name only (the name is the handle). */
export function namedAuthor(text: string): ChatAuthor {
  const name = text.trim();
  return { handle: name, name };
}

/** The owner's names and numbers from options.me. */
export class OwnerNames {
  private keys: Set<string>;

  constructor(me: readonly string[]) {
    this.keys = new Set(me.map(keyOf).filter(Boolean));
  }

  has(author: ChatAuthor): boolean {
    return this.keys.has(keyOf(author.handle)) || (author.name !== null && this.keys.has(keyOf(author.name)));
  }
}

/**
 * Places the records of one chat. `R` carries its author and, when the file states it, whether the owner
 * wrote it (`out`). Records come out through `emit`, in order, once the chat's roles are known.
 */
export class ChatRoles<R extends { author: ChatAuthor; out?: boolean }> {
  private pending: R[] | null = [];
  /** Authors other than the owner seen while records are held back, by handle key. */
  private others = new Map<string, ChatAuthor>();
  private group = false;
  private partner: ChatAuthor | null = null;

  constructor(
    private readonly setup: ChatSetup,
    private readonly owner: OwnerNames,
    private readonly emit: (record: R, placement: Placement) => void
  ) {
    if (setup.group) this.resolve();
  }

  add(record: R): void {
    if (!this.pending) return this.emit(record, this.place(record));
    this.pending.push(record);
    const author = record.author;
    if (!this.isOwner(record)) this.others.set(keyOf(author.handle), author);
    const { title, group } = this.setup;
    const titled = title !== null && (keyOf(author.handle) === keyOf(title) || (author.name !== null && keyOf(author.name) === keyOf(title)));
    if ((group === null && this.others.size >= 2) || (group === false && titled) || this.pending.length >= ROLE_WINDOW) this.resolve();
  }

  /** Emits what is held back: call at the end of the chat. */
  finish(): void {
    if (this.pending) this.resolve();
  }

  private isOwner(record: R): boolean {
    return record.out ?? this.owner.has(record.author);
  }

  private resolve(): void {
    const pending = this.pending ?? [];
    this.pending = null;
    const { title, group } = this.setup;
    this.group = group ?? this.others.size >= 2;
    if (!this.group) {
      const key = title === null ? null : keyOf(title);
      const named = [...this.others.values()].find((a) => keyOf(a.handle) === key || (a.name !== null && keyOf(a.name) === key));
      const only = this.others.size === 1 ? [...this.others.values()][0] : null;
      // The title stands in for a partner who never wrote; with two unknown authors nobody is the partner.
      this.partner = named ?? only ?? (title !== null && this.others.size === 0 ? { handle: title, name: title } : null);
    }
    for (const r of pending) this.emit(r, this.place(r));
  }

  private place(record: R): Placement {
    const author = record.author;
    const title = this.setup.title;
    if (this.group) {
      const out = this.isOwner(record);
      return out
        ? { direction: 'out', handle: title ?? 'group', name: title, conversation: title }
        : { direction: 'in', handle: author.handle, name: author.name, conversation: title };
    }
    const partner = this.partner;
    const fromPartner = partner !== null && keyOf(author.handle) === keyOf(partner.handle);
    const out = record.out ?? (this.owner.has(author) || (partner !== null && !fromPartner));
    if (partner) return { direction: out ? 'out' : 'in', handle: partner.handle, name: partner.name, conversation: null };
    return out
      ? { direction: 'out', handle: null, name: null, conversation: null }
      : { direction: 'in', handle: author.handle, name: author.name, conversation: null };
  }
}
