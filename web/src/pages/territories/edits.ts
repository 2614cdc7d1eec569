// Editing the alignment by hand on the territory page: selecting accounts (map or list),
// moving them to another territory, locking them for the next proposal, and measuring the
// edited alignment (POST what-if) — plus the searchable account list the selection is made in.
import { api, type AccountTerritory } from '../../api';
import { card } from '../../components/ui';
import { debounce, h, mount } from '../../dom';
import { number } from '../../format';
import { t, type MessageKey } from '../../i18n';
import { drawMap } from './map';
import { type Territories, LIST_LIMIT, editedCount, hours, modeName, problemText, repChip, repName, setBusy, stale, startAction, territoryIn } from './state';

/** Selects or unselects account `id`; redraws the map, the side column and the list. */
export function toggleSelect(pg: Territories, id: string): void {
  if (pg.selected.has(id)) pg.selected.delete(id);
  else pg.selected.add(id);
  drawMap(pg, false);
  pg.renderSide();
  renderList(pg);
}

/**
 * Puts the selected accounts in territory `to` of the edited alignment, clears the selection,
 * shows the edit and measures it.
 */
export function moveSelected(pg: Territories, to: string): void {
  if (!pg.view || !pg.selected.size) return;
  for (const id of pg.selected) pg.working.set(id, to);
  pg.selected.clear();
  pg.editError = '';
  pg.mode = 'edited';
  void runWhatIf(pg);
}

/**
 * Forgets every edit (back to the owners' alignment) and its measure; shows the current alignment
 * if the edit was shown.
 */
export function resetEdits(pg: Territories): void {
  if (!pg.view) return;
  pg.working = new Map(pg.view.accounts.map((a) => [a.id, a.territory]));
  pg.comparison = null;
  pg.editError = '';
  if (pg.mode === 'edited') pg.mode = 'current';
  pg.refresh();
}

/** Starts an edit from the proposal (every account where the proposal puts it) and measures it. */
export function editFromProposal(pg: Territories): void {
  if (!pg.view || !pg.proposal) return;
  pg.working = new Map(pg.view.accounts.map((a) => [a.id, pg.proposedMap.get(a.id) ?? a.territory]));
  pg.mode = 'edited';
  void runWhatIf(pg);
}

/**
 * Measures the edited alignment (POST what-if; `data-busy` whatif while it runs) into
 * `comparison`, or `editError`; with no edit left, drops the measure and leaves the edited mode. A
 * newer call supersedes it.
 */
export async function runWhatIf(pg: Territories): Promise<void> {
  if (!pg.view) return;
  const mine = startAction(pg);
  if (editedCount(pg) === 0) {
    pg.comparison = null;
    if (pg.mode === 'edited') pg.mode = 'current';
    pg.refresh();
    return;
  }
  setBusy(pg, 'whatif');
  pg.applied = null;
  pg.comparison = null;
  pg.refresh();
  const alignment: AccountTerritory[] = pg.view.accounts.map((a) => ({ account_id: a.id, territory: pg.working.get(a.id) ?? a.territory }));
  try {
    const c = await api.territoryWhatIf(pg.view.scope.key, pg.tau, alignment, mine.signal);
    if (stale(mine)) return;
    pg.comparison = c;
    pg.editError = '';
  } catch (err) {
    if (stale(mine, err)) return;
    pg.editError = problemText(err);
  }
  setBusy(pg, '');
  pg.refresh();
}

/**
 * The "move accounts" card: the selection, moving it to a territory, locking and unlocking it, the
 * edit count with a reset, and the what-if status or error.
 */
export function selectionCard(pg: Territories): HTMLElement {
  const v = pg.view!;
  const chosen = [...pg.selected].map((id) => v.accounts[pg.accountIndex.get(id)!]).filter(Boolean);
  const workload = chosen.reduce((s, a) => s + a.workload, 0);
  const target = h(
    'select',
    { class: 'input input-sm', 'data-testid': 'tr-move-to', 'aria-label': t('tr.edit.moveTo') },
    h('option', { value: '' }, t('tr.edit.pick')),
    v.reps.map((r) => h('option', { value: r.key }, r.name)),
  );
  const moveBtn = h('button', { class: 'btn btn-primary btn-sm', type: 'button', 'data-testid': 'tr-move-submit', disabled: !chosen.length || pg.busy !== '', onclick: () => target.value && moveSelected(pg, target.value) }, t('tr.edit.move'));
  /** Locks or unlocks the chosen accounts (`act` on each), then clears the selection. */
  const lockButton = (testid: string, label: MessageKey, enabled: boolean, act: (id: string) => unknown) =>
    h(
      'button',
      {
        class: 'btn btn-secondary btn-sm',
        type: 'button',
        'data-testid': testid,
        disabled: !enabled,
        onclick: () => {
          chosen.forEach((a) => act(a.id));
          pg.selected.clear();
          pg.refresh();
        },
      },
      t(label),
    );
  const lockBtn = lockButton('tr-lock', 'tr.lock.lock', chosen.length > 0, (id) => pg.locked.add(id));
  const unlockBtn = lockButton('tr-unlock', 'tr.lock.unlock', chosen.some((a) => pg.locked.has(a.id)), (id) => pg.locked.delete(id));
  const edits = editedCount(pg);
  return card(
    t('tr.edit.title'),
    h(
      'div',
      { class: 'tr-edit' },
      h('p', { class: 'hint' }, t('tr.edit.hint')),
      h(
        'div',
        { class: 'tr-selection', 'data-testid': 'tr-selection', 'data-count': chosen.length },
        chosen.length
          ? [
              h('b', null, t('tr.edit.selected', { n: chosen.length, hours: hours(workload) })),
              h(
                'div',
                { class: 'chips' },
                chosen.slice(0, 6).map((a) => h('span', { class: 'chip', title: `${a.name} · ${repName(pg, pg.working.get(a.id) ?? a.territory)}` }, a.name)),
                chosen.length > 6 ? h('span', { class: 'chip' }, `+${chosen.length - 6}`) : null,
              ),
              h('button', { class: 'btn btn-ghost btn-sm', type: 'button', 'data-testid': 'tr-clear-selection', onclick: () => { pg.selected.clear(); pg.refresh(); } }, t('tr.edit.clear')),
            ]
          : h('span', { class: 'muted' }, t('tr.edit.none')),
      ),
      h('div', { class: 'form-inline' }, h('label', { class: 'form-row' }, h('span', null, t('tr.edit.moveTo')), target), moveBtn),
      h('div', { class: 'tr-lock-row' }, lockBtn, unlockBtn, h('span', { class: 'muted', 'data-testid': 'tr-locked-count', 'data-count': pg.locked.size }, t('tr.lock.count', { n: pg.locked.size }))),
      h('p', { class: 'hint' }, t('tr.lock.hint')),
      h(
        'div',
        { class: 'tr-edits', 'data-testid': 'tr-edits', 'data-count': edits },
        h('span', null, edits ? t('tr.edit.edited', { n: edits }) : t('tr.edit.unedited')),
        edits ? h('button', { class: 'btn btn-ghost btn-sm', type: 'button', 'data-testid': 'tr-reset-edits', onclick: () => resetEdits(pg) }, t('tr.edit.reset')) : null,
      ),
      pg.busy === 'whatif' ? h('div', { class: 'form-status', role: 'status' }, t('tr.edit.measuring')) : null,
      pg.editError ? h('div', { class: 'form-error', role: 'alert', 'data-testid': 'tr-edit-error' }, pg.editError) : null,
    ),
    { testid: 'tr-move-card' },
  );
}

/**
 * Redraws the account list (at most LIST_LIMIT rows) for the filter, the territory picked and the
 * mode shown; a row click (or its box) selects the account for those who may realign.
 */
export function renderList(pg: Territories): void {
  const v = pg.view!;
  const needle = pg.listFilter.trim().toLowerCase();
  const matches: number[] = [];
  v.accounts.forEach((a, i) => {
    const terr = territoryIn(pg, pg.mode, a);
    if (pg.listTerritory && terr !== pg.listTerritory) return;
    if (needle && !`${a.name} ${a.city} ${a.external_id}`.toLowerCase().includes(needle)) return;
    matches.push(i);
  });
  const shown = matches.slice(0, LIST_LIMIT);
  const tbody = h(
    'tbody',
    null,
    shown.map((i) => {
      const a = v.accounts[i];
      const terr = territoryIn(pg, pg.mode, a);
      const isSel = pg.selected.has(a.id);
      const moved = terr !== a.territory;
      return h(
        'tr',
        {
          class: `${pg.canRealign ? 'clickable' : ''} ${isSel ? 'selected' : ''}`,
          'data-testid': 'tr-account-row',
          'data-account': a.id,
          'data-territory': terr,
          onclick: pg.canRealign ? (e: Event) => (e.target as HTMLElement).tagName !== 'INPUT' && toggleSelect(pg, a.id) : null,
        },
        pg.canRealign
          ? h('td', { class: 'tr-check' }, h('input', { type: 'checkbox', checked: isSel, 'aria-label': t('tr.list.select', { name: a.name }), onchange: () => toggleSelect(pg, a.id) }))
          : null,
        h('td', null, h('div', { class: 'tr-account-name' }, a.name, pg.locked.has(a.id) ? h('span', { class: 'tr-lock-badge', title: t('tr.lock.locked') }, t('tr.lock.locked')) : null), h('div', { class: 'muted tr-ext' }, a.external_id)),
        h('td', null, a.city || '—'),
        h('td', null, repChip(pg, terr, moved ? h('span', { class: 'muted tr-was' }, t('tr.list.was', { name: repName(pg, a.territory) })) : null)),
        h('td', { class: 'num' }, hours(a.workload)),
        h('td', { class: 'num' }, number(a.potential, 0)),
      );
    }),
  );
  mount(
    pg.listBox.querySelector('[data-slot="list"]') ?? pg.listBox,
    h(
      'div',
      { class: 'table-wrap tr-list-wrap' },
      h(
        'table',
        { class: 'table table-compact tr-list', 'data-testid': 'tr-accounts' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            pg.canRealign ? h('th', { class: 'tr-check' }) : null,
            h('th', null, t('tr.field.account')),
            h('th', null, t('tr.field.city')),
            h('th', null, t('tr.field.rep')),
            h('th', { class: 'num' }, t('tr.field.workload')),
            h('th', { class: 'num' }, t('tr.field.potential')),
          ),
        ),
        tbody,
      ),
    ),
    h('p', { class: 'hint', 'data-testid': 'tr-list-count', 'data-count': matches.length }, matches.length > LIST_LIMIT ? t('tr.list.limited', { shown: LIST_LIMIT, n: number(matches.length, 0), mode: modeName(pg.mode) }) : t('tr.list.count', { n: number(matches.length, 0), mode: modeName(pg.mode) })),
  );
}

/** The account list card: search, territory filter and the list box (filled by `renderList`). */
export function listCard(pg: Territories): HTMLElement {
  const v = pg.view!;
  const search = h('input', {
    class: 'input input-sm search',
    type: 'search',
    placeholder: t('tr.list.search'),
    'aria-label': t('tr.list.search'),
    'data-testid': 'tr-list-search',
    value: pg.listFilter,
  });
  search.addEventListener(
    'input',
    debounce(() => {
      pg.listFilter = search.value;
      renderList(pg);
    }, 200),
  );
  const terrSel = h(
    'select',
    {
      class: 'input input-sm',
      'data-testid': 'tr-list-territory',
      'aria-label': t('tr.field.rep'),
      onchange: () => {
        pg.listTerritory = terrSel.value;
        renderList(pg);
      },
    },
    h('option', { value: '' }, t('tr.list.allTerritories')),
    v.reps.map((r) => h('option', { value: r.key }, r.name)),
  );
  terrSel.value = pg.listTerritory;
  const slot = h('div', { 'data-slot': 'list' });
  mount(pg.listBox, slot);
  return card(t('tr.list.title'), [h('div', { class: 'tr-list-tools' }, search, terrSel), pg.listBox], { testid: 'card-accounts' });
}
