import { BUCKET_PREFIX, type SearchIndex } from '../../search/search-index';
import { searchText } from '../../search/search-text';
import type { EventDoc } from '../store/schema';
import type { TimelineFilter } from './page';

/**
 * What an event is, as facets of the search index: its party (a person's timeline), channel, kind,
 * direction and, for a call, its status. A filtered page then reads only the moments that can match, in
 * timeline order, however rare the match (missed calls), instead of scanning the timeline for them.
 */
const facet = {
  party: (party: string) => 'p:' + party,
  channel: (channel: string) => 'c:' + channel,
  kind: (kind: string) => 'k:' + kind,
  direction: (direction: string) => 'd:' + direction,
  status: (status: string) => 's:' + status
};

/** How a stored event enters the search index: its text (none for a call) at its moment, with its facets. */
export function indexEvent(search: SearchIndex, e: EventDoc): void {
  const facets = [facet.party(e.party), facet.channel(e.channel), facet.kind(e.kind), facet.direction(e.direction)];
  if (e.kind === 'call') facets.push(facet.status(e.status));
  search.add(e.startInv, searchText(e), facets);
}

/** A filter as facet groups for `SearchIndex.search`: a match has one facet of every group. */
export function filterFacets(f: TimelineFilter): string[][] {
  const groups: string[][] = [];
  if (f.parties) groups.push(f.parties.map(facet.party));
  if (f.channels?.length) groups.push(f.channels.map(facet.channel));
  if (f.kinds?.length) groups.push(f.kinds.map(facet.kind));
  if (f.directions?.length) groups.push(f.directions.map(facet.direction));
  if (f.statuses?.length) groups.push(f.statuses.map(facet.status));
  return groups;
}

/** Present once the search index in the current format holds every stored event. */
export const INDEX_MARKER = BUCKET_PREFIX + 'complete';
