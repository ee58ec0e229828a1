import { app } from '$lib/ui/app-state.svelte';
import { askFirstPage } from '$lib/ui/timeline-list.svelte';

/**
 * Starts the data worker and the settings read while the first route's code is still loading; on the
 * timeline's own address (no filters), its first page too.
 */
export function init(): void {
  void app.load();
  if (location.pathname === '/' && !location.search) askFirstPage();
}
