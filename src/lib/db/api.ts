import type { Backend, OpenProgress } from './backend';
import { blobInput } from './import/blob-input';
import type { ImportProgress, ImportRunOptions } from './import/service';
import type { WritebackFormat } from './writeback/service';

/**
 * The worker's API: every method the UI may call, as one table. The worker dispatches a call by looking its
 * method up here (nothing else of the Backend is reachable); the UI's client is typed from the same table.
 * A method is added by adding one entry.
 *
 * Each handler gets the Backend, the call's context (its own cancel signal and progress channel), then the
 * arguments the UI passed. A handler that reports progress declares `call: Call<P>` and takes an options
 * object last; the UI passes `onProgress` and `signal` in that object (they stay on the UI side).
 */
export const handlers = {
  settings: (b) => b.settings(),
  updateSettings: (b, _call, patch: Parameters<Backend['updateSettings']>[0]) => b.updateSettings(patch),
  stats: (b) => b.stats(),
  interruptedImport: (b) => b.interruptedImport(),
  idUpgradeProblem: (b) => b.idUpgradeProblem(),

  importFiles: (b, call: Call<ImportProgress>, files: File[], options: ImportRunOptions & { mappings?: unknown[] } = {}) =>
    b.importFiles(files.map(blobInput), call.progress, call.signal, { skipSeen: options.skipSeen === true, passphrase: options.passphrase, mappings: options.mappings ?? [] }),
  csvPreview: (b, _call, file: File, mapping: unknown | null) => b.csvPreview(blobInput(file), mapping),
  saveCsvPreset: (b, _call, mapping: unknown) => b.saveCsvPreset(mapping),

  people: (b) => b.people(),
  person: (b, _call, id: string) => b.person(id),
  canUndo: (b) => b.canUndo(),
  attach: (b, _call, personId: string, node: string) => b.attach(personId, node),
  detach: (b, _call, personId: string, node: string) => b.detach(personId, node),
  split: (b, _call, personId: string, nodes: string[]) => b.split(personId, nodes),
  merge: (b, _call, personA: string, personB: string) => b.merge(personA, personB),
  undo: (b) => b.undo(),
  suggestions: (b) => b.suggestions(),
  suggestionsFor: (b, _call, personId: string) => b.suggestionsFor(personId),
  suggestionCounts: (b) => b.suggestionCounts(),
  acceptSuggestion: (b, _call, node: string, anchor: string) => b.acceptSuggestion(node, anchor),
  rejectSuggestion: (b, _call, node: string, anchor: string) => b.rejectSuggestion(node, anchor),
  acceptStrongSuggestions: (b) => b.acceptStrongSuggestions(),

  timeline: (b, _call, ...args: Parameters<Backend['timeline']>) => b.timeline(...args),
  tallies: (b, _call, person?: string) => b.tallies(person),
  exportTimelineCsv: (b, _call, query: Parameters<Backend['exportTimelineCsv']>[0]) => b.exportTimelineCsv(query),

  writebackPreview: (b, _call, excluded: string[]) => b.writebackPreview(excluded),
  writebackExport: (b, _call, excluded: string[], format: WritebackFormat) => b.writebackExport(excluded, format),
  writebackStatus: (b) => b.writebackStatus(),
  confirmWriteback: (b) => b.confirmWriteback(),
  undoLastWriteback: (b) => b.undoLastWriteback(),

  exportSync: (b, _call, passphrase?: string) => b.exportSync(passphrase),
  folderSyncFile: (b) => b.folderSyncFile(),

  liveStatus: (b) => b.liveStatus(),
  liveConnect: (b, _call, config: unknown) => b.liveConnect(config),
  livePrepare: (b, _call, config: unknown) => b.livePrepare(config),
  livePause: (b) => b.livePause(),
  liveResume: (b) => b.liveResume(),
  liveStop: (b) => b.liveStop()
} satisfies Record<string, Handler>;

/** What a handler gets besides its arguments. */
export interface Call<P> {
  /** Aborted when the UI aborts the signal it passed with this call. */
  signal: AbortSignal;
  /** Sends one progress report to this call's `onProgress`. */
  progress: (p: P) => void;
}

/** Progress and cancel, given by the UI in the options object of the calls that take them. */
export interface CallOptions<P> {
  onProgress?: (p: P) => void;
  signal?: AbortSignal;
}

// `any` here only lets each entry declare its own argument and progress types; the table's type keeps them.
type Handler = (backend: Backend, call: Call<any>, ...args: any[]) => unknown;

export type Method = keyof typeof handlers;

/** An options-last argument list with the UI-side progress and cancel added to the options. */
type WithCallOptions<A extends unknown[], P> = Required<A> extends [...infer Head, infer Options] ? [...Head, options?: Options & CallOptions<P>] : A;

type ClientMethod<H> = H extends (backend: Backend, call: Call<infer P>, ...args: infer A) => infer R
  ? (...args: unknown extends P ? A : WithCallOptions<A, P>) => Promise<Awaited<R>>
  : never;

/** The API as the UI calls it: `backend().method(...args)`, always a Promise. */
export type Api = { [M in Method]: ClientMethod<(typeof handlers)[M]> };

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(handlers, name);
}

/** `aborted`: the call's signal was aborted before it was sent (a cancel message could arrive after it ran). */
export type ApiRequest =
  | { type: 'call'; id: number; method: Method; args: unknown[]; aborted: boolean }
  | { type: 'cancel'; id: number }
  /** Take the database over from the tab holding it. */
  | { type: 'takeOver' };

/** A failed call's error as it crosses to the UI; `file` is set when the failure concerns one input file. */
export interface ErrorData {
  message: string;
  file: string | null;
}

export type ApiResponse =
  | { type: 'progress'; id: number; progress: unknown }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: ErrorData }
  /** Another tab took the database over: this tab's calls fail until it takes it back. */
  | { type: 'lockLost' }
  /**
   * How far the database's opening has got while it updates what an earlier release stored (no call is
   * answered until it has opened). Posted as it goes, and again before each call that arrives meanwhile:
   * the page may start listening after the worker has started (scripts/early-worker.js).
   */
  | { type: 'opening'; progress: OpenProgress };

/** The error of every call while another tab's data worker holds the database. */
export const DATABASE_IN_OTHER_TAB = 'crosstalk:database-in-other-tab';

/** A failed call, on the UI side. */
export class ApiError extends Error {
  readonly file: string | null;
  constructor({ message, file }: ErrorData) {
    super(message);
    this.name = 'ApiError';
    this.file = file;
  }
}

/** The side of a channel the worker and the client talk through (a Worker, its global scope, a MessagePort). */
export interface Port {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
}
