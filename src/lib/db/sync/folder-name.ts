/** The name of a copy's own sync file in a shared folder (one per device, overwritten on each scan). */
export function folderSyncFileName(deviceId: string): string {
  return `crosstalk-sync-${deviceId}.ctsync.gz`;
}
