// The client side of docs/api.md: JSON over fetch with the session cookie, the CSRF token
// on every call that changes something, and RFC 7807 problems turned into ApiError.
// Accept-Language carries the UI's language so the server may word its problems in it.
import { getLocale } from './i18n';

export type Role = 'admin' | 'executive' | 'manager' | 'rep';
export type Id = number | string;

export interface Me {
  id: Id;
  email: string;
  name: string;
  role: Role;
  locale?: string | null;
  time_zone?: string | null;
  manager_id?: Id | null;
  team_id?: Id | null;
  csrf_token?: string;
}

export interface ImportRowError {
  line: number;
  column: string;
  reason: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  field?: string;
  errors?: ImportRowError[];
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** Any stored record: its schema fields plus id and version. */
export interface RecordBase {
  id: Id;
  version?: number | string;
  [field: string]: unknown;
}

export interface User extends RecordBase {
  email: string;
  name: string;
  role: Role;
  manager_id?: Id | null;
  team_id?: Id | null;
  time_zone?: string | null;
  locale?: string | null;
  disabled?: boolean | number | null;
}

export interface Opportunity extends RecordBase {
  external_id: string;
  account_id: Id;
  name: string;
  stage: string;
  amount: number;
  currency: string;
  close_date: string;
  probability?: number | null;
  forecast_category: string;
  owner_id?: Id | null;
  lost_reason?: string | null;
}

export interface Figures {
  sales: number;
  quota: number;
  attainment: number | null;
}

export interface Dashboard {
  from: string;
  to: string;
  currency: string;
  reps: (Figures & { user_id: Id; name: string; team?: string | null })[];
  teams: (Figures & { team_id: Id; name: string })[];
  total: Figures;
  pipeline_by_stage: { stage: string; count: number; amount: number }[];
  pipeline_by_category: { category: string; count: number; amount: number }[];
  win_rate: { won: number; lost: number; rate: number | null };
  trend: { month: string; sales: number }[];
  /** Territory-plan action items past their deadline and not done (at most 20 listed). */
  overdue_actions?: { total: number; items: { id: Id; plan_id: Id; title: string; deadline: string; status: string; owner: string }[] };
}

export interface ImportResult {
  inserted: number;
  updated: number;
  rows: number;
}

/** A node of the forecasting hierarchy (GET /forecast/scopes). */
export interface ForecastScope {
  key: string;
  name: string;
  level: 'org' | 'team' | 'rep';
  parent: string;
  user_id: Id | null;
}

/** One forecast on the sheet: the engine's, or a kept one (null where a month has none). */
export interface SheetForecast {
  source: string;
  method: string;
  model: string;
  mean: (number | null)[];
  lo80: (number | null)[];
  hi80: (number | null)[];
  lo95: (number | null)[];
  hi95: (number | null)[];
  note: string;
}

export interface TrackRecord {
  source: string;
  n: number;
  mase: number | null;
  bias_percent: number | null;
  mae: number | null;
  /** MASE and bias over the last six scored months up to each month (newer servers). */
  over_time?: { month: string; mase: number | null; bias_percent: number | null }[];
}

export interface ForecastSheet {
  scope: ForecastScope;
  currency: string;
  history_months: string[];
  history: (number | null)[];
  months: string[];
  forecasts: SheetForecast[];
  league: TrackRecord[];
  suggested: (number | null)[];
  suggested_weights: { source: string; weight: number }[];
  committed: ({ amount: number; note: string } | null)[];
}

/** A kept forecast record (POST /forecasts). */
export interface ForecastInput {
  owner_id?: Id;
  scope_user_id?: Id;
  period: string;
  method: string;
  model?: string;
  amount: number;
  currency: string;
  made_on: string;
  note?: string;
}

/** One territory's figures (a territory is a rep: its name is the rep key "user:<id>"). */
export interface TerritoryMetrics {
  name: string;
  accounts: number;
  /** Estimated selling hours a year. */
  workload: number;
  potential: number;
  /** Signed share of the mean: 0.03 = 3% above. */
  workload_deviation: number;
  potential_deviation: number;
  dispersion_km_h: number;
  radius_km: number;
  travel_km: number;
  home_base: boolean;
  centre_account: string;
  /** Connected pieces on the accounts' neighbour graph; 1 = contiguous. */
  components: number;
}

export interface AlignmentMetrics {
  territories: TerritoryMetrics[];
  tolerance: number;
  mean_workload: number;
  max_workload_deviation: number;
  max_potential_deviation: number;
  workload_deviation_floor: number;
  outside_tolerance: number;
  empty_territories: number;
  dispersion_km_h: number;
  mean_km: number;
  max_radius_km: number;
  travel_km: number;
  noncontiguous_territories: number;
  balanced: boolean;
}

export interface TerritoryRep {
  key: string;
  user_id: Id;
  name: string;
  home: { lat: number; lon: number } | null;
}

export interface TerritoryAccount {
  id: string;
  external_id: string;
  name: string;
  city: string;
  lat: number;
  lon: number;
  workload: number;
  potential: number;
  territory: string;
}

export interface TerritoryView {
  scope: { key: string; name: string; level: 'org' | 'team' | 'rep' };
  reps: TerritoryRep[];
  accounts: TerritoryAccount[];
  left_out: number;
  metrics: AlignmentMetrics;
}

export interface AccountTerritory {
  account_id: string;
  territory: string;
}

export interface Disruption {
  moved_accounts: number;
  moved_share: number;
  moved_workload_share: number;
  moved_potential_share: number;
}

export interface AlignRequest {
  scope: string;
  tau: number;
  max_moved: number;
  potential_weight: number;
  use_homes: boolean;
  seed?: number;
  /** Independent searches (1–256); absent = the engine's choice from the number of accounts. */
  restarts?: number;
  locks: AccountTerritory[];
}

/** A proposal computed in the background (POST /territories/align_jobs), as polled. */
export interface AlignJob {
  id: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  searches_done: number;
  searches_planned: number;
  /** The best plan's dispersion so far (0 before the first search ends). */
  best_dispersion_km_h: number;
  seconds: number;
  /** The searches are done and the lower bound (how good the plan is) is being computed. */
  bounding: boolean;
  /** When done: what POST /territories/align returns. */
  result?: TerritoryProposal;
  /** When failed: why. */
  problem?: Problem;
}

export interface TerritoryProposal {
  current: TerritoryView;
  proposed: AccountTerritory[];
  metrics: AlignmentMetrics;
  disruption: Disruption | null;
  moves: TerritoryMove[];
  notes: AlignNote[];
  /** No alignment within ±τ has less dispersion (null: not computed, e.g. with home bases). */
  lower_bound_km_h: number | null;
  /** metrics.dispersion_km_h / lower_bound_km_h − 1: how far the plan may be from the best possible. */
  gap: number | null;
  seconds: number;
}

/** Why an account moves: `why` is a code, `reason` the engine's English sentence. */
export interface TerritoryMove {
  account_id: string;
  from: string;
  to: string;
  reason: string;
  why: 'new_account' | 'locked' | 'cut_off' | 'from_overloaded' | 'to_underloaded' | 'closer' | 'makes_room';
  deviation?: number;
  km_before?: number;
  km_after?: number;
}

/** An unmet goal of a proposal, as data (`kind` and its figures) and in English (`text`). */
export interface AlignNote {
  kind: 'unbalanced' | 'noncontiguous' | 'time_limit';
  text: string;
  tolerance?: number;
  deviation?: number;
  remedies?: ('raise_tau' | 'raise_limit' | 'unlock' | 'no_homes')[];
  count?: number;
  of?: number;
}

/** The reply of POST /territories/apply: the accounts whose owner changed. */
export interface TerritoryApplyResult {
  moved: number;
  changes: { account_id: string; name: string; from: string; to: string; from_name?: string; to_name?: string }[];
}

export interface TerritoryComparison {
  before: AlignmentMetrics;
  after: AlignmentMetrics;
  disruption: Disruption;
}

export const API_BASE = '/api/v1';

/** A failed call: the HTTP status and the server's problem (or one made up for network errors). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

let csrfToken = '';
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token ?? '';
}

/** Called when any call other than sign-in answers 401 (the session ended). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | null | undefined>;

function url(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return API_BASE + path + (qs ? `?${qs}` : '');
}

function changes(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

async function problemOf(res: Response): Promise<Problem> {
  const fallback: Problem = { status: res.status, title: res.statusText };
  try {
    const text = await res.text();
    if (!text) return fallback;
    const body = JSON.parse(text) as Partial<Problem>;
    return { ...fallback, ...body, status: res.status };
  } catch {
    return fallback;
  }
}

function retryAfterOf(res: Response): number | null {
  const v = res.headers.get('Retry-After');
  const n = v === null ? NaN : Number(v);
  return Number.isFinite(n) ? n : null;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not call the unauthorized handler on 401 (sign-in and the first /me). */
  quiet401?: boolean;
  /** Extra request headers (If-Match for record updates). */
  headers?: Record<string, string>;
  /** Let the request outlive the page (a cancel sent while the tab closes). */
  keepalive?: boolean;
}

/** Sends one request; resolves to the parsed JSON (undefined for 204), rejects with ApiError. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': getLocale(), ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (changes(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url(path, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
      keepalive: opts.keepalive,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError({ status: 0, title: 'network', detail: (err as Error).message });
  }
  if (!res.ok) {
    if (res.status === 401 && !opts.quiet401) onUnauthorized?.();
    throw new ApiError(await problemOf(res), retryAfterOf(res));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface ListParams {
  limit?: number;
  offset?: number;
  sort?: string;
  q?: string;
  [filter: string]: string | number | undefined;
}

export const api = {
  me: (quiet401 = true) => request<Me>('GET', '/me', { quiet401 }),

  async signIn(email: string, password: string): Promise<Me> {
    const reply = await request<{ user: Me; csrf_token: string }>('POST', '/session', {
      body: { email, password },
      quiet401: true,
    });
    setCsrfToken(reply.csrf_token ?? reply.user.csrf_token);
    return reply.user;
  },

  async signOut(): Promise<void> {
    try {
      await request<void>('DELETE', '/session', { quiet401: true });
    } finally {
      setCsrfToken('');
    }
  },

  list: <T extends RecordBase>(collection: string, params: ListParams = {}, signal?: AbortSignal) =>
    request<Page<T>>('GET', `/${collection}`, { query: params, signal }),

  get: <T extends RecordBase>(collection: string, id: Id, signal?: AbortSignal) =>
    request<T>('GET', `/${collection}/${encodeURIComponent(String(id))}`, { signal }),

  dashboard: (from: string, to: string, signal?: AbortSignal) =>
    request<Dashboard>('GET', '/dashboard', { query: { from, to }, signal }),

  create: <T extends RecordBase>(collection: string, body: object) =>
    request<T>('POST', `/${collection}`, { body }),

  /** PATCH the fields in `body`; `record.version` goes in If-Match (412 when someone changed it since). */
  update: <T extends RecordBase>(collection: string, record: RecordBase, body: object) =>
    request<T>('PATCH', `/${collection}/${encodeURIComponent(String(record.id))}`, {
      body,
      headers: { 'If-Match': `"${record.version ?? ''}"` },
    }),

  /** DELETE a record; `record.version` goes in If-Match (412 when someone changed it since). */
  remove: (collection: string, record: RecordBase) =>
    request<void>('DELETE', `/${collection}/${encodeURIComponent(String(record.id))}`, {
      headers: { 'If-Match': `"${record.version ?? ''}"` },
    }),

  forecastScopes: (signal?: AbortSignal) =>
    request<{ items: ForecastScope[] }>('GET', '/forecast/scopes', { signal }).then((r) => r.items),

  forecastSheet: (scope: string, horizon: number, signal?: AbortSignal) =>
    request<ForecastSheet>('GET', '/forecast/sheet', { query: { scope, horizon }, signal }),

  keepForecast: (scope: string, method: string, horizon: number) =>
    request<{ kept: number; ids: Id[] }>('POST', '/forecast/keep', { body: { scope, method, horizon } }),

  territories: (scope: string, tau: number, signal?: AbortSignal) =>
    request<TerritoryView>('GET', '/territories', { query: { scope, tau }, signal }),

  alignTerritories: (body: AlignRequest, signal?: AbortSignal) =>
    request<TerritoryProposal>('POST', '/territories/align', { body, signal }),

  /** Starts a proposal in the background: 202 with the job's id (same body and errors as alignTerritories). */
  startAlignJob: (body: AlignRequest, signal?: AbortSignal) =>
    request<AlignJob>('POST', '/territories/align_jobs', { body, signal }),

  /** A background proposal's progress, and its result once done (404 for anyone but its starter). */
  alignJob: (id: string, signal?: AbortSignal) =>
    request<AlignJob>('GET', `/territories/align_jobs/${encodeURIComponent(id)}`, { signal }),

  /** Cancels a background proposal (a finished one stays as it is). */
  cancelAlignJob: (id: string) =>
    request<void>('DELETE', `/territories/align_jobs/${encodeURIComponent(id)}`, { keepalive: true }),

  territoryWhatIf: (scope: string, tau: number, alignment: AccountTerritory[], signal?: AbortSignal) =>
    request<TerritoryComparison>('POST', '/territories/what-if', { body: { scope, tau, alignment }, signal }),

  /** Makes an alignment real: every account's owner becomes its territory's rep (managers and executives). */
  applyTerritories: (scope: string, alignment: AccountTerritory[], signal?: AbortSignal) =>
    request<TerritoryApplyResult>('POST', '/territories/apply', { body: { scope, alignment }, signal }),

  exportUrl: (kind: string) => `${API_BASE}/exports/${encodeURIComponent(kind)}`,
};

/**
 * Uploads a CSV file to POST /imports/{kind}. XMLHttpRequest rather than fetch because
 * only it reports upload progress; `onProgress` gets the fraction sent (0..1).
 */
export function importCsv(
  kind: string,
  file: Blob,
  onProgress: (fraction: number) => void,
): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}/imports/${encodeURIComponent(kind)}`);
    xhr.setRequestHeader('Content-Type', 'text/csv; charset=utf-8');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', getLocale());
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onerror = () => reject(new ApiError({ status: 0, title: 'network' }));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as ImportResult);
        } catch {
          resolve({ inserted: 0, updated: 0, rows: 0 });
        }
        return;
      }
      let problem: Problem = { status: xhr.status, title: xhr.statusText };
      try {
        problem = { ...problem, ...(JSON.parse(xhr.responseText) as Partial<Problem>), status: xhr.status };
      } catch {
        /* not JSON: keep the status line */
      }
      if (xhr.status === 401) onUnauthorized?.();
      reject(new ApiError(problem));
    };
    xhr.send(file);
  });
}
