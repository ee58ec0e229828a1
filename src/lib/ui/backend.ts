import { connectBackend, type Client } from '$lib/client/backend-client';

/** The one connection to the data worker, started on first use (the app runs in the browser only). */
let instance: Client | null = null;

export function backend(): Client {
  instance ??= connectBackend();
  return instance;
}
