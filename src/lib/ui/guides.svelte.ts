/** Whether the export guides on the Import page are open (the "unknown format" message opens them). */
export const guides = $state({ open: false });

export function openGuides(): void {
  guides.open = true;
}
