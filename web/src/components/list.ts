// A server-paged, sortable, searchable table of one collection (GET /{collection} with
// limit/offset/sort/q and equality filters). Its state lives in the hash's query string,
// so reload and links keep the page, sort and search.
import { api, type ListParams, type Page, type RecordBase } from '../api';
import { debounce, h, mount, type Child } from '../dom';
import { number } from '../format';
import { t, type MessageKey } from '../i18n';
import { replaceQuery, type Cleanup } from '../router';
import { empty, errorBox } from './ui';

export interface Column<T> {
  /** Field name: the sort key when sortable. */
  key: string;
  label: MessageKey;
  sortable?: boolean;
  numeric?: boolean;
  render: (row: T) => Child;
}

export interface Filter {
  param: string;
  allLabel: MessageKey;
  options: { value: string; label: string }[];
}

export interface ListSpec<T> {
  collection: string;
  columns: Column<T>[];
  testid: string;
  defaultSort?: string;
  filters?: Filter[];
  /** Loads what the cells need (names for ids) before the rows render. */
  prepare?: (rows: T[]) => Promise<void>;
  /** Where a click on the row goes. */
  href?: (row: T) => string;
}

const PAGE_SIZES = [25, 50, 100, 200];
const STATE_KEYS = ['q', 'sort', 'offset', 'limit'];

interface State {
  q: string;
  sort: string;
  offset: number;
  limit: number;
  filters: Record<string, string>;
}

function readState<T>(spec: ListSpec<T>, query: URLSearchParams): State {
  const limit = Number(query.get('limit'));
  const filters: Record<string, string> = {};
  for (const f of spec.filters ?? []) filters[f.param] = query.get(f.param) ?? '';
  return {
    q: query.get('q') ?? '',
    sort: query.get('sort') ?? spec.defaultSort ?? '',
    offset: Math.max(0, Number(query.get('offset')) || 0),
    limit: PAGE_SIZES.includes(limit) ? limit : 50,
    filters,
  };
}

function writeState<T>(spec: ListSpec<T>, base: URLSearchParams, s: State): void {
  const q = new URLSearchParams(base);
  for (const k of [...STATE_KEYS, ...(spec.filters ?? []).map((f) => f.param)]) q.delete(k);
  if (s.q) q.set('q', s.q);
  if (s.sort && s.sort !== spec.defaultSort) q.set('sort', s.sort);
  if (s.offset) q.set('offset', String(s.offset));
  if (s.limit !== 50) q.set('limit', String(s.limit));
  for (const [k, v] of Object.entries(s.filters)) if (v) q.set(k, v);
  replaceQuery(q);
}

/** Renders the list into `el`; returns the cleanup that cancels pending requests. */
export function listView<T extends RecordBase>(el: HTMLElement, spec: ListSpec<T>, query: URLSearchParams): Cleanup {
  const state = readState(spec, query);
  let controller: AbortController | null = null;
  let lastPage: Page<T> | null = null;

  const search = h('input', {
    class: 'input search',
    type: 'search',
    placeholder: t('list.search'),
    'aria-label': t('list.search'),
    value: state.q,
    'data-testid': `${spec.testid}-search`,
  });
  const onSearch = debounce(() => {
    state.q = search.value.trim();
    state.offset = 0;
    void load();
  }, 300);
  search.addEventListener('input', onSearch);

  const filterEls = (spec.filters ?? []).map((f) => {
    const select = h(
      'select',
      {
        class: 'input',
        'aria-label': t(f.allLabel),
        'data-testid': `${spec.testid}-filter-${f.param}`,
        onchange: () => {
          state.filters[f.param] = select.value;
          state.offset = 0;
          void load();
        },
      },
      h('option', { value: '' }, t(f.allLabel)),
      f.options.map((o) => h('option', { value: o.value, selected: state.filters[f.param] === o.value }, o.label)),
    );
    return select;
  });

  const totalEl = h('span', { class: 'list-total' });
  const tableWrap = h('div', { class: 'table-wrap' });
  const pager = h('div', { class: 'pager' });

  mount(
    el,
    h(
      'div',
      { class: 'list', 'data-testid': spec.testid },
      h('div', { class: 'toolbar' }, search, ...filterEls, h('span', { class: 'spacer' }), totalEl),
      tableWrap,
      pager,
    ),
  );

  function header(): HTMLElement {
    return h(
      'thead',
      null,
      h(
        'tr',
        null,
        spec.columns.map((c) => {
          const sortable = c.sortable !== false;
          const dir = state.sort === c.key ? 'ascending' : state.sort === `-${c.key}` ? 'descending' : null;
          const label = t(c.label);
          return h(
            'th',
            { class: c.numeric ? 'num' : '', 'aria-sort': dir ?? undefined, scope: 'col' },
            sortable
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: `sort ${dir ? 'sorted' : ''}`,
                    title: t('list.sortBy', { column: label }),
                    'data-sort': c.key,
                    onclick: () => {
                      state.sort = state.sort === c.key ? `-${c.key}` : c.key;
                      state.offset = 0;
                      void load();
                    },
                  },
                  label,
                  h('span', { class: 'sort-arrow', 'aria-hidden': 'true' }, dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : '↕'),
                )
              : label,
          );
        }),
      ),
    );
  }

  function body(rows: T[]): HTMLElement {
    return h(
      'tbody',
      null,
      rows.map((row) => {
        const href = spec.href?.(row);
        return h(
          'tr',
          {
            class: href ? 'clickable' : '',
            'data-id': String(row.id),
            onclick: href
              ? (e: Event) => {
                  if ((e.target as HTMLElement).closest('a')) return;
                  location.hash = href;
                }
              : undefined,
          },
          spec.columns.map((c) => h('td', { class: c.numeric ? 'num' : '' }, c.render(row))),
        );
      }),
    );
  }

  function renderPager(page: Page<T>): void {
    const from = page.total === 0 ? 0 : page.offset + 1;
    const to = page.offset + page.items.length;
    totalEl.textContent = t('list.range', { from: number(from), to: number(to), total: number(page.total) });
    const size = h(
      'select',
      {
        class: 'input input-sm',
        'aria-label': t('list.pageSize'),
        onchange: () => {
          state.limit = Number(size.value);
          state.offset = 0;
          void load();
        },
      },
      PAGE_SIZES.map((n) => h('option', { value: n, selected: n === state.limit }, String(n))),
    );
    mount(
      pager,
      h('label', { class: 'pager-size' }, t('list.pageSize'), size),
      h('span', { class: 'spacer' }),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-secondary btn-sm',
          disabled: page.offset <= 0,
          'data-testid': `${spec.testid}-prev`,
          onclick: () => {
            state.offset = Math.max(0, state.offset - state.limit);
            void load();
          },
        },
        '‹ ',
        t('list.prev'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-secondary btn-sm',
          disabled: to >= page.total,
          'data-testid': `${spec.testid}-next`,
          onclick: () => {
            state.offset += state.limit;
            void load();
          },
        },
        t('list.next'),
        ' ›',
      ),
    );
  }

  async function load(): Promise<void> {
    writeState(spec, query, state);
    controller?.abort();
    const mine = (controller = new AbortController());
    tableWrap.classList.add('is-loading');
    const params: ListParams = { limit: state.limit, offset: state.offset };
    if (state.sort) params.sort = state.sort;
    if (state.q) params.q = state.q;
    for (const [k, v] of Object.entries(state.filters)) if (v) params[k] = v;
    try {
      const page = await api.list<T>(spec.collection, params, mine.signal);
      if (spec.prepare) await spec.prepare(page.items);
      if (mine.signal.aborted) return;
      lastPage = page;
      const table = h('table', { class: 'table' }, header(), body(page.items));
      mount(tableWrap, table, page.items.length ? null : empty());
      renderPager(page);
    } catch (err) {
      if ((err as Error).name === 'AbortError' || mine.signal.aborted) return;
      mount(tableWrap, errorBox(err, () => void load()));
      if (!lastPage) pager.replaceChildren();
    } finally {
      if (!mine.signal.aborted) tableWrap.classList.remove('is-loading');
    }
  }

  tableWrap.classList.add('is-loading');
  void load();
  return () => controller?.abort();
}
