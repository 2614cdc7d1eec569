// Names for the ids that records carry (owner_id, team_id, account_id, product_id).
// Users, teams and products are fetched once per session (limit 500 per page); accounts,
// which can be many, are fetched one by one as pages need them and kept.
import { api, ApiError, type RecordBase } from './api';

type Names = Map<string, string>;

let users: Promise<Names> | null = null;
let teams: Promise<Names> | null = null;
let products: Promise<Names> | null = null;
const accounts = new Map<string, string | null>();

async function loadAll(collection: string, label: (r: RecordBase) => string): Promise<Names> {
  const names: Names = new Map();
  try {
    for (let offset = 0, page = 0; page < 20; page++) {
      const reply = await api.list<RecordBase>(collection, { limit: 500, offset });
      for (const r of reply.items) names.set(String(r.id), label(r));
      offset += reply.items.length;
      if (reply.items.length === 0 || offset >= reply.total) break;
    }
  } catch (err) {
    // A role that may not list the collection still sees ids; anything else is real.
    if (!(err instanceof ApiError)) throw err;
  }
  return names;
}

export function userNames(): Promise<Names> {
  users ??= loadAll('users', (r) => String(r.name ?? r.email ?? r.id));
  return users;
}

export function teamNames(): Promise<Names> {
  teams ??= loadAll('teams', (r) => String(r.name ?? r.id));
  return teams;
}

export function productNames(): Promise<Names> {
  products ??= loadAll('products', (r) => String(r.name ?? r.sku ?? r.id));
  return products;
}

/** Fetches the names of the given accounts (six at a time) into the cache. */
export async function loadAccountNames(ids: Iterable<unknown>): Promise<void> {
  const queue = [...new Set([...ids].filter((id) => id !== null && id !== undefined).map(String))].filter(
    (id) => !accounts.has(id),
  );
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        const a = await api.get<RecordBase>('accounts', id);
        accounts.set(id, String(a.name ?? id));
      } catch {
        accounts.set(id, null);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(6, queue.length) }, worker));
}

/** The account's name if loaded, else "#id". */
export function accountName(id: unknown): string {
  if (id === null || id === undefined || id === '') return '—';
  return accounts.get(String(id)) ?? `#${String(id)}`;
}

export function nameOf(names: Names, id: unknown): string {
  if (id === null || id === undefined || id === '') return '—';
  return names.get(String(id)) ?? `#${String(id)}`;
}

export function resetDirectory(): void {
  users = teams = products = null;
  accounts.clear();
}
