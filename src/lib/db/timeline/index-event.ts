import { BUCKET_PREFIX, type SearchIndex } from '../../search/search-index';
import { searchText } from '../../search/search-text';
import type { EventDoc } from '../store/schema';

/** How a stored event enters the search index: its text at its moment, with its party as a facet (a person's search reads only their moments). */
export function indexEvent(search: SearchIndex, e: EventDoc): void {
  search.add(e.startInv, searchText(e), [e.party]);
}

/** Present once the search index in the current format holds every stored event. */
export const INDEX_MARKER = BUCKET_PREFIX + 'complete';
