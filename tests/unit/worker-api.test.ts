import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { ApiError, type Api, type Port } from '../../src/lib/db/api';
import { Backend, type OpenProgress } from '../../src/lib/db/backend';
import type { ImportProgress } from '../../src/lib/db/import/service';
import { serveApi } from '../../src/lib/db/serve';
import { connectApi } from '../../src/lib/client/backend-client';
import { ImportError } from '../../src/lib/import/types';

/** Two ends of a channel delivering messages in order, each in its own task, as a Worker's port does. */
function portPair(): [Port, Port, unknown[]] {
  const sent: unknown[] = [];
  const end = (other: () => Port): Port => ({
    onmessage: null,
    postMessage(message) {
      sent.push(message);
      setTimeout(() => other().onmessage?.({ data: message } as MessageEvent));
    }
  });
  const a: Port = end(() => b);
  const b: Port = end(() => a);
  return [a, b, sent];
}

function connect(backend: Promise<Backend>): { api: Api; sent: unknown[] } {
  const [ui, worker, sent] = portPair();
  serveApi(worker, { current: () => backend });
  return { api: connectApi(ui), sent };
}

const SMS = (n: number) =>
  `<?xml version="1.0"?>\n<smses count="${n}">\n` +
  Array.from({ length: n }, (_, i) => `<sms address="+8613800138000" date="${Date.UTC(2026, 0, 2, 3, 4, i)}" type="1" body="m${i}" contact_name="Xiao Yang" />\n`).join('') +
  '</smses>\n';

/** A file whose bytes are held back until `release` is called. */
function gatedFile(name: string, text: string): { file: File; release: () => void } {
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const bytes = new TextEncoder().encode(text);
  const stream = () =>
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        await gate;
        controller.enqueue(bytes);
        controller.close();
      }
    });
  return { file: Object.assign(new File([bytes], name), { stream }), release };
}

let backend: Backend;
beforeEach(async () => {
  backend = await Backend.open(getRxStorageMemory(), 'api' + Math.random().toString(36).slice(2));
});
afterEach(() => backend.close());

describe('the worker API', () => {
  it('answers each call with its handler’s result', async () => {
    const { api } = connect(Promise.resolve(backend));
    const s = await api.updateSettings({ region: 'CN', me: ['Lin'] });
    expect([s.region, s.me]).toEqual(['CN', ['Lin']]);
    const [report] = await api.importFiles([new File([SMS(2)], 'sms.xml')]);
    expect([report.file, report.format, report.status, report.imported]).toEqual(['sms.xml', 'sbr-xml', 'done', 2]);
    expect((await api.people()).map((p) => [p.name, p.numbers])).toEqual([['Xiao Yang', ['+8613800138000']]]);
    expect(await api.stats()).toEqual({ events: 2, people: 1 });
    const page = await api.timeline({}, null, 1);
    expect(page.events.map((e) => (e.kind === 'message' ? e.body : ''))).toEqual(['m1']);
    expect(await api.canUndo()).toBe(null);
  });

  it('reaches only the methods of the handler table', async () => {
    const { api } = connect(Promise.resolve(backend));
    expect(Object.keys(api)).not.toContain('close');
    const [ui, worker] = portPair();
    serveApi(worker, { current: () => Promise.resolve(backend) });
    const answers: unknown[] = [];
    ui.onmessage = (e) => answers.push(e.data);
    for (const [id, method] of [[1, 'close'], [2, 'rebuildSearchIndex'], [3, 'constructor'], [4, '__proto__'], [5, 'toString']] as const) {
      ui.postMessage({ type: 'call', id, method, args: [], aborted: false });
    }
    ui.postMessage({ type: 'call', id: 6, method: 'person', args: 'p1', aborted: false });
    await vi.waitFor(() => expect(answers).toHaveLength(6), { timeout: 10_000 });
    expect(answers).toEqual([
      { type: 'error', id: 1, error: { message: 'unknown method close', file: null } },
      { type: 'error', id: 2, error: { message: 'unknown method rebuildSearchIndex', file: null } },
      { type: 'error', id: 3, error: { message: 'unknown method constructor', file: null } },
      { type: 'error', id: 4, error: { message: 'unknown method __proto__', file: null } },
      { type: 'error', id: 5, error: { message: 'unknown method toString', file: null } },
      { type: 'error', id: 6, error: { message: 'person: arguments are not a list', file: null } }
    ]);
    expect(await backend.people()).toEqual([]);
  });

  it('rejects with the handler’s message, and the file of an import error', async () => {
    const failing = {
      person: () => Promise.reject(new ImportError('chat.txt', 'line 7', 'not a WhatsApp line')),
      people: () => Promise.reject(new Error('database write failed (status 500)'))
    } as unknown as Backend;
    const { api } = connect(Promise.resolve(failing));
    const [a, b] = await Promise.allSettled([api.person('x'), api.people()]);
    expect(a.status === 'rejected' && a.reason).toBeInstanceOf(ApiError);
    expect(a.status === 'rejected' && [a.reason.message, a.reason.file]).toEqual(['chat.txt, line 7: not a WhatsApp line', 'chat.txt']);
    expect(b.status === 'rejected' && [b.reason.message, b.reason.file]).toEqual(['database write failed (status 500)', null]);
  });

  it('a refused change crosses with its reason; the preferences stay', async () => {
    const { api } = connect(Promise.resolve(backend));
    await api.updateSettings({ region: 'CN' });
    await expect(api.updateSettings({ region: 'ZZ' })).rejects.toThrow(new ApiError({ message: 'preferences not saved: region ZZ is not a country code', file: null }));
    expect((await api.settings()).region).toBe('CN');
  });

  it('sends each call’s progress to that call only, in order, before its result', async () => {
    const { api, sent } = connect(Promise.resolve(backend));
    const first: ImportProgress[] = [];
    const second: ImportProgress[] = [];
    const a = new File([SMS(3)], 'a.xml');
    const b = new File([SMS(1).replace('m0', 'other')], 'b.xml');
    const [ra, rb] = await Promise.all([
      api.importFiles([a], { onProgress: (p) => first.push(p) }),
      api.importFiles([b], { onProgress: (p) => second.push(p) })
    ]);
    expect([ra[0].imported, rb[0].imported]).toEqual([3, 1]);
    const done = (file: string, bytes: number, stored: number, alreadyPresent: number) => ({ file, fileIndex: 0, bytesRead: bytes, bytesTotal: bytes, stored, alreadyPresent, skipped: 0 });
    // Read, then stored: events are gathered before they are stored (event-packs.ts).
    expect(first).toEqual([done('a.xml', a.size, 0, 0), done('a.xml', a.size, 3, 0)]);
    expect(second).toEqual([done('b.xml', b.size, 0, 0), done('b.xml', b.size, 1, 0)]);
    const messages = sent as { type: string; id: number }[];
    const of = (id: number) => messages.filter((m) => m.id === id).map((m) => m.type);
    expect([of(1), of(2)]).toEqual([
      ['call', 'progress', 'progress', 'result'],
      ['call', 'progress', 'progress', 'result']
    ]);
  });

  it('cancels the running call its signal belongs to', async () => {
    const { api, sent } = connect(Promise.resolve(backend));
    const held = gatedFile('held.xml', SMS(2));
    const abort = new AbortController();
    const cancelled = api.importFiles([held.file, new File([SMS(1)], 'next.xml')], { signal: abort.signal });
    const other = api.importFiles([new File([SMS(1)], 'other.xml')]);
    await new Promise((r) => setTimeout(r, 10));
    abort.abort();
    await new Promise((r) => setTimeout(r, 10));
    held.release();
    expect((await cancelled).map((r) => [r.file, r.status, r.imported])).toEqual([
      ['held.xml', 'cancelled', 0],
      ['next.xml', 'cancelled', 0]
    ]);
    expect((await other).map((r) => [r.file, r.status, r.imported])).toEqual([['other.xml', 'done', 1]]);
    expect(await backend.stats()).toEqual({ events: 1, people: 1 });
    expect(sent).toContainEqual({ type: 'cancel', id: 1 });
  });

  it('a signal aborted before the call cancels it from the start', async () => {
    const { api, sent } = connect(Promise.resolve(backend));
    const reports = await api.importFiles([new File([SMS(1)], 'a.xml')], { signal: AbortSignal.abort(), skipSeen: true });
    expect(reports.map((r) => [r.file, r.status])).toEqual([['a.xml', 'cancelled']]);
    expect(sent[0]).toEqual({ type: 'call', id: 1, method: 'importFiles', args: [[expect.any(File)], { skipSeen: true }], aborted: true });
    expect(await backend.stats()).toEqual({ events: 0, people: 0 });
  });

  it('tells the page how opening goes before any answer, again to a page that starts listening late, and not once opened', async () => {
    const [ui, worker, sent] = portPair();
    let open = (_b: Backend) => {};
    const opened = new Promise<Backend>((resolve) => (open = resolve));
    const server = serveApi(worker, { current: () => opened });
    const at = (done: number): OpenProgress => ({ phase: 'move', done, total: 20, language: 'en' });
    // Posted before the page listens (the early worker): lost, as a Worker's message without a listener is.
    server.opening(at(10));
    await new Promise((r) => setTimeout(r));
    const api = connectApi(ui);
    const heard: OpenProgress[] = [];
    api.onOpening((p) => heard.push(p));
    expect(heard).toEqual([]);
    const settings = api.settings();
    await vi.waitFor(() => expect(heard).toEqual([at(10)]));
    server.opening(at(20));
    await vi.waitFor(() => expect(heard).toEqual([at(10), at(20)]));
    server.opening(null);
    open(backend);
    expect((await settings).region).toBe(backend.settings().region);
    await api.stats();
    // A listener set later hears nothing old: the database has opened.
    api.onOpening((p) => heard.push(p));
    expect(heard).toEqual([at(10), at(20)]);
    expect(sent.filter((m) => (m as { type: string }).type === 'opening')).toHaveLength(3);
  });
});
