import type { WritebackRecord } from '../formats/crosstalk-sync/records';
import type { CommEvent } from '../model/event';
import { phoneIdsOfEvent } from '../writeback/fingerprint';

/**
 * Why a write-back mark from another copy is not what it claims, or null when it is. A mark makes a later
 * phone record with its phoneId count as the chat-app event it names: unchecked, it could hide any SMS. So
 * the event must exist, be one that is written back at all, and the phoneId must be the id its phone copy
 * gets when written to the mark's number (with or without the app label).
 */
export function markProblem(mark: WritebackRecord, event: CommEvent | undefined): string | null {
  if (!event) return `write-back mark for ${mark.id}: no such event`;
  if (event.channel === 'phone' || event.conversation !== null) return `write-back mark for ${mark.id}: that event is never written back`;
  if (!mark.number) return `write-back mark for ${mark.id}: no number, so it cannot be verified`;
  if (!phoneIdsOfEvent(event, mark.number).includes(mark.phoneId)) return `write-back mark for ${mark.id}: phoneId ${mark.phoneId} is not that event written to ${mark.number}`;
  return null;
}
