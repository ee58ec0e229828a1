/**
 * Why a target is missed: causes found by profiling (bench/README.md, "Findings"), appended to the results
 * file's "missed by X" notes. Keyed by check. Keep them to what was measured.
 */
export const WHY: Record<string, string> = {
  'parse:whatsapp-android':
    "ids cost about as much as the parsing: at 1M (Node) the parser alone takes ~0.75 s, importFile ~1.3 s; most of the rest is hashing every record's content key (body included) for its id and the repeat counter, which whatsapp-chat-parser does not do (a chat's head, app and thread, is hashed once per chat since round nine); the hash itself cannot change without changing every stored id",
  'parse:whatsapp-ios': "same as Android: the id hash over each record's content (body included) costs about as much as the parser itself",
  'parse:telegram-json':
    'at 10k and 100k the importer is one pass of the cutter (util/json-cutter.ts: a scan that jumps through strings with indexOf, then JSON.parse per message, ~16% of a profile) plus the pipeline every format shares (ids ~12%, the boundary check, parties, GC ~11%) and two UTF-8 decodes (the pipeline checks the bytes, the importer decodes them), against one native JSON.parse of the file; at 1M JSON.parse slows down more than we do',
  'parse:crosstalk-csv':
    'the reader itself (csv-records.ts + rowToEvent) is ~6% of a profile at 100k; the rest is the import pipeline every format shares: garbage collection ~32%, the record boundary (checkEvent) ~11%, ids ~11%, UTF-8 decoding ~6%',
  'parser:crosstalk-csv': 'UTF-8 decoding and Date.parse per row; the record reader alone runs at ~1.5× papaparse',
  'parse:sbr-xml': 'saxes attribute handling dominates (a bare pass is the baseline), plus ids (~20%) and record building',
  'parse:qq-txt':
    "the tokenizer (a line split and QQ's header regex on every line) reads no field; per message the reader runs that regex's eight captures, a local time, the notice and placeholder checks and the roles, then the boundary check, the id hash over the body and the party key; at 100k part of the gap is JIT warm-up (a process's first run is 2–4× its next), which the one-regex tokenizer hardly has (bench/README.md, 'Line formats: a tokenizer baseline')",
  'parse:line-txt':
    "nearly every line of a LINE export is a one-line message, so the tokenizer does one regex test per message where the reader runs that regex's six captures, a local time, the quote, unsent, call and placeholder checks and the roles, then the boundary check, the id hash over the body and the party key; the parser alone is ~0.75× (bench/README.md, 'Line formats: a tokenizer baseline')",
  'parse:kakaotalk-txt':
    "the header regex with its captures (fullStamp) is the largest item of a profile (19%), then GC (17%) and the id hash over the body (11%), against one regex test per line in the tokenizer",
  'parse:signal-txt': 'each sigtop block is 5–7 lines read into one event, then checked, hashed and keyed, against one `Type:` test per line in the tokenizer',
  'parse:imessage-db':
    "the baseline is one SELECT read with get(); we read the same rows plus chat_message_join into a map (a row array each), the chats and their members, then build, check, hash and key each event (a profile at 100k: get() 14%, GC 14%, chat_message_join 8%, the boundary check and ids ~20%)",
  'parse:gvoice-html': 'htmlparser2 itself (a bare pass is the baseline) is about half; the rest is the element-role stack, text collection per message and ids',
  'parse:messenger-json':
    "at 1M it passes (an indented export's messages are read a chunk's run at a time by one JSON.parse, bench/README.md 'Round eight'); at 100k the process's first runs are JIT warm-up, which JSON.parse alone does not have; every string is still checked for Facebook's mojibake and the shared pipeline (ids, boundary, parties) adds ~90 ms per 100k events",
  'import:limit':
    "the import runs at about the physical limit's rate (0.94–1.10× of the keyed put between runs); the worker still waits for IndexedDB about half the time. What an import writes beside its events' own bytes (bench/node/io.ts, the 1M CSV): packs 261 M characters for 186 M stored (a party's first pack rewritten when a batch brings it fewer than 16 events), the search index 178 M for 70 M stored (it is saved about 4 times, each save rewriting every bucket so far), the id directory's runs and merge 102 M for 49 M stored (bench/README.md, 'Round ten')",
  'import:limit:small':
    "an import this small writes few events per party and per search token: importing the 10k CSV wrote 1,814 event packs (each batch rewrites its parties' newest packs, reading 2.1 MB of them back) and 1,215 search-index buckets for 10,000 events (bench/node/io.ts), so work per document and per batch (the journal's copies, the index's buckets, the party merge and the import record at the end) weighs against a 1–3 s import; at 1M the same design runs at 0.95× of the limit (RESULTS.1M.md)",
  import: "IndexedDB writes dominate both sides, and RxDB's bulkInsert also reads every id before writing (its conflict check) where the raw copy only writes; at 10k the fixed work at the end of an import (256 search-index buckets, party merge, the import record) weighs more against a 3-second import",
  search:
    "a page's hits are read through the moment directory and then the packs: about 100 IndexedDB reads of 2–6 KB for a page of 50 (see the page-read row: its time in the same run), plus the index buckets a query touches for the first time; the same queries measured 30–39 ms p50, 41–61 ms p95 in the session's probe runs against the same 1M database at a lower load (bench/README.md, 'Packs, read by their bytes')",
  status: 'the status filter pages through the missed calls\' facet list in the search index; the first use reads its bucket',
  firstpage: "Backend.open in a fresh worker (RxDB and its 13 collections), then the first page, beside the association snapshot read: one document, the front page the import left (before 2026-12-06: the moment directory, then the packs it names; bench/README.md, 'Round twelve')",
  firstrow: "the first row waits for the page's head to start the data worker, the worker to load and open the database (see the worker-calls row: the first page is asked for with the settings and answered soon after them), then the route to render it; `npm run bench -- --first-row` shows each step (bench/README.md, \"First row, round three\")",
  firstvisit: "on the first visit every script is fetched and compiled: the page's and the data worker's code before its first call (~535 KB since 2026-12-06, most of it libraries: RxDB, Dexie, libphonenumber with its smallest metadata; z-schema and live sync load when first used), before the database opens",
  'suggest:recall':
    "the misses are identities shown by a first name, initials or a title with a family name that several people fit and that talk on none of the true person's days beyond what chance explains (the labelled set gives half of the identities no days with their person at all): the engine splits such a name evenly and leaves each part under the minimum score rather than guess. With more people the name pools are shared more widely (70 given and 70 family names for the Latin half, ~100 family names for the Chinese half), so even full names collide (see the per-variant row)",
  'suggest:time': 'measured on a shared 2-core machine under load (CPU time and the load average are beside the wall time)',
  scroll: 'rendering new rows (\'(program)\', layout) dominates the main thread; row heights come from a ResizeObserver (no forced layout); see the profile row',
  'longtask:app': '',
  longtask: '',
  'heap:node': '',
  'heap:browser':
    "the peak is where V8 lets the heap grow before a full collection, a multiple of what stays (60–120 MB: the search index's unsaved moments, the batch gathered and the batch being stored, the directory entries not written yet). What fills the heap between collections is promoted garbage, mostly texts: documents read back from IndexedDB (the packs an import merges into, the search buckets a save rewrites) and the texts it writes. Round ten took the id directory's rewrites out of it (an import's id entries go into sorted runs merged once at its end: 331 → 38 M characters read, 293 → 57 written) and stopped rewriting a party's first pack when a batch brings half a pack or more in front of it (packs written 329 → 261 M characters); single runs then peaked at 289–435 MB (305–525 MB before): what V8 lets grow is as noisy as ever (bench/README.md, 'Round ten')",
  js: ''
};
