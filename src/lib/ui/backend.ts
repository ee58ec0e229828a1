import { connectBackend, type BackendApi } from '$lib/client/backend-client';

/** The one connection to the data worker, started on first use (the app runs in the browser only). */
let instance: BackendApi | null = null;

export function backend(): BackendApi {
  instance ??= connectBackend();
  return instance;
}
