import { connectBackend } from '$lib/client/backend-client';
import type { Api } from '$lib/db/api';

/** The one connection to the data worker, started on first use (the app runs in the browser only). */
let instance: Api | null = null;

export function backend(): Api {
  instance ??= connectBackend();
  return instance;
}
