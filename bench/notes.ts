/**
 * Why a target is missed: causes found by profiling (bench/README.md, "Findings"), appended to the results
 * file's "missed by X" notes. Keyed by check. Keep them to what was measured.
 */
export const WHY: Record<string, string> = {
  'parse:whatsapp-android':
    'id assignment costs more than the parsing: at 100k the parser alone (importer.parse) takes ~400 ms (≈1.2× whatsapp-chat-parser), IdAssigner.assign adds ~540 ms (contentKey string ~145 ms + hash64 ~150 ms + the {...draft, id} copy ~200 ms), which whatsapp-chat-parser does not do (bench/node/breakdown.ts)',
  'parse:whatsapp-ios': 'same as Android: IdAssigner.assign (contentKey + hash64 + object copy) costs about as much as the parser itself',
  'parse:telegram-json': '@streamparser/json (tokenizer.write, bufferedString.toString, matchesSelector) is ~85% of the time; JSON.parse is native and cannot stream (V8 caps strings at 512 Mi chars)',
  'parse:crosstalk-csv': 'rowToEvent (~7 µs a row: per-field closure lookups, object spreads) and garbage collection take two thirds; papaparse itself ~10%',
  'parse:sbr-xml': 'saxes attribute handling dominates (a bare pass is the baseline), plus ids (~20%) and record building',
  import: 'IndexedDB writes dominate both sides; see the per-set numbers',
  search:
    "timeline.ts searchHits loads every hit with `seq: {$in: [1,000 seqs]}`; RxDB's query planner turns $in into a scan of the seq index from the smallest to the largest seq of the batch (≈ the whole collection, one Dexie cursor step and one JS matcher call per document), once per 1,000 hits, then sorts all hits to keep 50",
  firstpage: 'the cold path runs Backend.open (loads every search-index chunk into FlexSearch) and computeAssociation (all parties, contacts, owners, edits) before the page query',
  firstrow: 'the first row waits for the data worker to start, open the database, load the whole search index and compute the association before the first page query (see the backend-level split)',
  scroll: "the main thread spends ~20% of its time in `offsetHeight` reads (VirtualTimeline measures each rendered row, forcing a synchronous layout per row) and ~35% in rendering ('(program)'); see the profile row",
  'longtask:app': '',
  longtask: '',
  'heap:node': '',
  'heap:browser': '',
  js: ''
};
