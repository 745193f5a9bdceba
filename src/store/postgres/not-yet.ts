/** Scaffolding while the PostgreSQL families are written: every method says which is missing. Deleted once none uses it. */
export function notYet<T extends object>(family: string): T {
  return new Proxy({} as T, {
    get(_target, method) {
      return () => Promise.reject(new Error(`${family}.${String(method)} is not yet on PostgreSQL`));
    },
  });
}
