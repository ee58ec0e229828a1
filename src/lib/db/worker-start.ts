import { mark } from './marks';

// Imported first by worker.ts: evaluated once the worker's code has been fetched and compiled, before the rest of it runs.
mark('evaluating');
