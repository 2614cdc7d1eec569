// Making an alignment real on the territory page: the "apply to account owners" bar under a
// proposal or a measured edit, the confirmation, POST /territories/apply and its outcome,
// then reloading the scope's current territories.
import { api, type AccountTerritory } from '../../api';
import { h, mount } from '../../dom';
import { number } from '../../format';
import { t } from '../../i18n';
import { type Mode, type Territories, modeName, problemText, setBusy, stale, startAction, territoryIn } from './state';

/** The alignment shown in `m` for every account of the view (the what-if shape). */
export function alignmentOf(pg: Territories, m: Mode): AccountTerritory[] {
  return pg.view ? pg.view.accounts.map((a) => ({ account_id: a.id, territory: territoryIn(pg, m, a) })) : [];
}

/** How many accounts would change owner if the alignment of `m` were applied. */
export function ownerChanges(pg: Territories, m: Mode): number {
  return pg.view ? pg.view.accounts.filter((a) => territoryIn(pg, m, a) !== a.territory).length : 0;
}

/**
 * The "Apply to account owners" bar under a proposal or a measured edit (for those who
 * may realign), and the outcome of the last apply. Nothing for the current alignment.
 */
export function renderApply(pg: Territories): void {
  const shown = (pg.mode === 'proposed' && !!pg.proposal) || (pg.mode === 'edited' && !!pg.comparison);
  const n = shown ? ownerChanges(pg, pg.mode) : 0;
  const outcome = pg.applied
    ? h('div', { class: pg.applied.ok ? 'form-status ok' : 'form-error', role: pg.applied.ok ? 'status' : 'alert', 'data-testid': 'tr-apply-status', 'data-moved': pg.applied.moved === undefined ? '' : String(pg.applied.moved) }, pg.applied.text)
    : null;
  if (!pg.canApply || !n) {
    mount(pg.applyBox, outcome);
    return;
  }
  const button = h('button', { class: 'btn btn-primary', type: 'button', 'data-testid': 'tr-apply', 'data-count': String(n), disabled: pg.busy !== '', onclick: () => void applyToOwners(pg, pg.mode) }, t('tr.apply.button', { n: number(n, 0) }));
  mount(pg.applyBox, h('div', { class: 'notice tr-apply' }, h('p', null, t('tr.apply.hint', { mode: modeName(pg.mode), n: number(n, 0) })), button), outcome);
}

/**
 * After the user confirms (the confirm says how many accounts change owner), makes the
 * alignment of `m` the accounts' owners (POST /territories/apply), then reloads the scope's
 * current territories. A refusal is shown under the button; nothing is retried.
 */
export async function applyToOwners(pg: Territories, m: Mode): Promise<void> {
  if (!pg.view || pg.busy) return;
  const n = ownerChanges(pg, m);
  if (!n || !confirm(t('tr.apply.confirm', { n: number(n, 0) }))) return;
  const mine = startAction(pg);
  setBusy(pg, 'apply');
  renderApply(pg);
  try {
    const r = await api.applyTerritories(pg.view.scope.key, alignmentOf(pg, m), mine.signal);
    if (stale(mine)) return;
    pg.applied = { ok: true, moved: r.moved, text: t('tr.apply.done', { n: number(r.moved, 0) }) };
    setBusy(pg, '');
    await pg.loadView(true);
  } catch (err) {
    if (stale(mine, err)) return;
    pg.applied = { ok: false, text: problemText(err) };
    setBusy(pg, '');
    pg.refresh();
  }
}
