/**
 * sql.js (SQLite compiled to WebAssembly), loaded on first use only: the app's bundle does not carry it
 * until a chat.db is dropped. In the browser the .wasm is a Vite asset served from the app's own origin; in
 * Node (CLI, tests) sql.js reads its .wasm from node_modules.
 */
import type { SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | null = null;

const inNode = () => typeof globalThis.process?.versions?.node === 'string';

export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= (async () => {
    const { default: initSqlJs } = await import('sql.js');
    if (inNode()) return initSqlJs();
    const { default: wasmUrl } = await import('sql.js/dist/sql-wasm-browser.wasm?url');
    return initSqlJs({ locateFile: () => wasmUrl });
  })();
  loading.catch(() => (loading = null));
  return loading;
}
