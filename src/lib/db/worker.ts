/// <reference lib="webworker" />
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { Backend } from './backend';
import { serveApi } from './serve';

serveApi(self as unknown as DedicatedWorkerGlobalScope, Backend.open(getRxStorageDexie()));
