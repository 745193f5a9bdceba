import type { ReadOnlyOpening, Store, StoreOptions } from './store.js';
import { openSqliteStore } from './sqlite/store.js';
import { openSqliteStoreReadOnly } from './sqlite/read-only.js';

/** The engine is chosen here, and only here. */
export function openStore(path: string, options: StoreOptions = {}): Store {
  return openSqliteStore(path, options);
}

/** Read-only, and only if it exists: inspecting must never create or migrate a database. */
export function openStoreReadOnly(path: string): ReadOnlyOpening {
  return openSqliteStoreReadOnly(path);
}
