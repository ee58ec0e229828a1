import type { ImportReport } from '$lib/db/store/schema';
import { deleteValue, getValue, setValue } from './handle-store';
import { importRun } from './import-run.svelte';
import { backend } from './backend';

/**
 * The sync folder (File System Access API, where the browser has it): a folder the user's devices share.
 * Its files — sync files, phone backups, chat exports — are imported with `skipSeen`, so a scan reads only
 * files it has not seen before; after each scan this copy writes its own sync file there (one per device),
 * so copies and the phone converge through the folder without manual downloads. The folder handle is kept
 * in the UI's own IndexedDB store.
 *
 * Permission rules: the picker and requestPermission run only on the user's click; on app open the folder is
 * scanned only when queryPermission already says 'granted' (the browser is never asked without a gesture).
 */

type Mode = { mode: 'read' | 'readwrite' };

interface WritableFile {
  createWritable(): Promise<{ write(data: Blob): Promise<void>; close(): Promise<void> }>;
}

/** The parts of a directory handle used here (queryPermission/requestPermission are not in lib.dom yet). */
export interface FolderHandle {
  readonly kind: 'directory';
  readonly name: string;
  entries(): AsyncIterable<[string, FolderEntry]>;
  getFileHandle?(name: string, options: { create: boolean }): Promise<WritableFile>;
  queryPermission?(descriptor: Mode): Promise<PermissionState>;
  requestPermission?(descriptor: Mode): Promise<PermissionState>;
}

type FolderEntry = FolderHandle | { readonly kind: 'file'; readonly name: string; getFile(): Promise<File> };

type DirectoryPicker = (options?: { id?: string; mode?: 'read' | 'readwrite' }) => Promise<FolderHandle>;

const KEY = 'sync-folder';
/** Reading the others' files and writing this copy's own sync file. */
const READ: Mode = { mode: 'readwrite' };

/** Hidden files (.DS_Store, cloud-client state) and partial downloads are not imports. */
const IGNORED = /^\.|\.(crdownload|part|partial|tmp|download)$/i;

function picker(): DirectoryPicker | null {
  const fn = (globalThis as { showDirectoryPicker?: DirectoryPicker }).showDirectoryPicker;
  return typeof fn === 'function' ? fn.bind(globalThis) : null;
}

/** The folder's files and those of its direct subfolders, ordered by path. */
export async function folderFiles(dir: FolderHandle, depth = 1, prefix = ''): Promise<{ path: string; file: File }[]> {
  const out: { path: string; file: File }[] = [];
  for await (const [name, entry] of dir.entries()) {
    if (IGNORED.test(name)) continue;
    const path = prefix + name;
    if (entry.kind === 'file') out.push({ path, file: await entry.getFile() });
    else if (depth > 0) out.push(...(await folderFiles(entry, depth - 1, path + '/')));
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

class SyncFolder {
  /** The browser offers showDirectoryPicker. */
  supported = $state(false);
  handle = $state.raw<FolderHandle | null>(null);
  /** null until known; 'prompt' means "press Scan now". */
  permission = $state<PermissionState | null>(null);
  /** The handle could not be stored: it lasts until the page is closed. */
  notRemembered = $state(false);
  reading = $state(false);
  lastScan = $state.raw<{ at: number; files: number } | null>(null);
  /** A scan was skipped because another import was running. */
  busy = $state(false);
  /** This copy's sync file, as last written into the folder. */
  lastWrite = $state.raw<{ at: number; fileName: string } | null>(null);
  writeError = $state<string | null>(null);
  error = $state<string | null>(null);
  private restoring: Promise<void> | null = null;

  /** On app open: the remembered folder, scanned (in the background) only if the browser still grants reading it. */
  restore(): Promise<void> {
    this.restoring ??= (async () => {
      this.supported = picker() !== null;
      if (!this.supported) return;
      try {
        const handle = await getValue<FolderHandle>(KEY);
        if (!handle || this.handle) return;
        this.handle = handle;
        this.permission = (await handle.queryPermission?.(READ)) ?? 'granted';
        if (this.permission === 'granted') void this.scan();
      } catch (err) {
        this.error = (err as Error).message;
      }
    })();
    return this.restoring;
  }

  /** "Choose sync folder" (a click): the picker, then a first scan. */
  async choose(): Promise<void> {
    const pick = picker();
    if (!pick) return;
    this.error = null;
    let handle: FolderHandle;
    try {
      handle = await pick({ id: 'crosstalk-sync', mode: 'readwrite' });
    } catch (err) {
      if ((err as DOMException).name !== 'AbortError') this.error = (err as Error).message;
      return;
    }
    this.handle = handle;
    this.permission = 'granted';
    this.lastScan = null;
    try {
      await setValue(KEY, handle);
      this.notRemembered = false;
    } catch {
      this.notRemembered = true;
    }
    await this.scan();
  }

  /** "Scan now" (a click): asks for permission again if the browser wants it, then scans. */
  async scanNow(): Promise<void> {
    const handle = this.handle;
    if (!handle) return;
    this.error = null;
    try {
      this.permission = (await handle.requestPermission?.(READ)) ?? 'granted';
    } catch (err) {
      this.error = (err as Error).message;
      return;
    }
    if (this.permission === 'granted') await this.scan();
  }

  async forget(): Promise<void> {
    this.handle = null;
    this.permission = null;
    this.lastScan = null;
    this.lastWrite = null;
    this.notRemembered = false;
    this.error = null;
    try {
      await deleteValue(KEY);
    } catch {
      /* nothing stored */
    }
  }

  /** Files chosen by hand where the browser has no folder access: imported the same way (seen files skipped). */
  importFiles(files: File[]): Promise<ImportReport[] | null> {
    return importRun.start(files, { source: 'folder', skipSeen: true });
  }

  private async scan(): Promise<void> {
    const handle = this.handle;
    if (!handle) return;
    this.busy = importRun.running;
    if (this.busy) return;
    this.reading = true;
    let files: File[];
    try {
      files = (await folderFiles(handle)).filter((f) => f.path !== this.lastWrite?.fileName).map((f) => f.file);
    } catch (err) {
      this.error = (err as Error).message;
      return;
    } finally {
      this.reading = false;
    }
    this.lastScan = { at: Date.now(), files: files.length };
    if (files.length) await this.importFiles(files);
    await this.writeOwn(handle);
  }

  /** Writes (replaces) this copy's sync file in the folder; a read-only folder is reported, not fatal. */
  private async writeOwn(handle: FolderHandle): Promise<void> {
    this.writeError = null;
    try {
      if (!handle.getFileHandle) throw new Error('this browser cannot write into the folder');
      const { fileName, blob } = await backend().folderSyncFile();
      const writable = await (await handle.getFileHandle(fileName, { create: true })).createWritable();
      await writable.write(blob);
      await writable.close();
      this.lastWrite = { at: Date.now(), fileName };
    } catch (err) {
      this.writeError = (err as Error).message;
    }
  }
}

export const syncFolder = new SyncFolder();
