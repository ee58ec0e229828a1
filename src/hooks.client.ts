import { app } from '$lib/ui/app-state.svelte';

/** Starts the data worker and the settings read while the first route's code is still loading. */
export function init(): void {
  void app.load();
}
