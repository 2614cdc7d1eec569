// The territory page's proposal: the form that asks the territory engine for a realignment
// (τ, how much may move, potential weight, home bases, the locked accounts), run in the
// background with a progress bar and a Cancel button, and the proposal's disruption, unmet
// goals and moves, each with its reason in the page's language.
import { api, ApiError, type AccountTerritory, type AlignJob, type AlignNote, type TerritoryMove } from '../../api';
import { card } from '../../components/ui';
import { h, mount } from '../../dom';
import { number } from '../../format';
import { t } from '../../i18n';
import { editFromProposal, runWhatIf } from './edits';
import { type Territories, MOVES_LIMIT, editedCount, km, problemText, repChip, repName, setBusy, share, stale, startAction } from './state';

/** Why an account moves, in the page's language, with the reps' names. */
export function moveReason(pg: Territories, m: TerritoryMove): string {
  const from = m.from ? repName(pg, m.from) : '', to = repName(pg, m.to);
  switch (m.why) {
    case 'from_overloaded':
    case 'to_underloaded':
      return t(`tr.why.${m.why}`, { from, to, p: share(Math.abs(m.deviation ?? 0)) });
    case 'closer':
      return t('tr.why.closer', { before: km(m.km_before), after: km(m.km_after) });
    default:
      return t(`tr.why.${m.why}`, { from, to });
  }
}

/** An unmet goal of a proposal, in the page's language. */
function noteText(n: AlignNote): string {
  switch (n.kind) {
    case 'unbalanced':
      return t('tr.note.unbalanced', {
        tau: share(n.tolerance ?? 0),
        dev: share(n.deviation ?? 0),
        remedies: (n.remedies ?? []).map((r) => t(`tr.note.remedy.${r}`)).join(t('tr.note.or')),
      });
    case 'noncontiguous':
      return t('tr.note.noncontiguous', { n: n.count ?? 0 });
    default:
      return t('tr.note.time_limit', { done: n.count ?? 0, of: n.of ?? 0 });
  }
}

/** How often a running proposal is asked for its progress (ms). */
const POLL_MS = 300;

/** Resolves after `ms`; rejects with an AbortError as soon as `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => new DOMException('aborted', 'AbortError');
    if (signal.aborted) return reject(aborted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Asks for a realignment in the background (POST align_jobs, with τ, the form's settings and the
 * locked accounts; `data-busy` align), polls its progress every POLL_MS into the progress bar,
 * and shows the proposal, or `alignError`, or that it was cancelled. Whatever ends the wait
 * early (Cancel, another action, another scope, leaving the page or closing the tab) cancels
 * the job on the server.
 * Re-measures an edit whose what-if the call cut short.
 */
export async function propose(pg: Territories): Promise<void> {
  if (!pg.view) return;
  const mine = startAction(pg);
  pg.alignError = '';
  pg.alignNotice = '';
  pg.applied = null;
  pg.alignJob = null;
  setBusy(pg, 'align');
  pg.renderSide();
  const locks: AccountTerritory[] = [...pg.locked].map((id) => ({ account_id: id, territory: pg.working.get(id) ?? pg.view!.accounts[pg.accountIndex.get(id)!].territory }));
  let job: AlignJob | null = null;
  const cancelJob = () => {
    if (job?.state === 'running') void api.cancelAlignJob(job.id).catch(() => undefined);
  };
  mine.signal.addEventListener('abort', cancelJob, { once: true });
  // Closing the tab runs no page cleanup: the cancel is sent as the page goes (keepalive).
  window.addEventListener('pagehide', cancelJob);
  try {
    // Not aborted half-way: a job the server started is always known, so it can be cancelled.
    job = await api.startAlignJob({
      scope: pg.view.scope.key,
      tau: pg.tau,
      max_moved: pg.alignForm.maxMoved / 100,
      potential_weight: pg.alignForm.potentialWeight,
      use_homes: pg.alignForm.useHomes,
      locks,
    });
    if (stale(mine)) return cancelJob();
    showProgress(pg, job);
    while (job.state === 'running') {
      await pause(POLL_MS, mine.signal);
      job = await api.alignJob(job.id, mine.signal);
      if (stale(mine)) return;
      showProgress(pg, job);
    }
    if (job.state === 'done' && job.result) {
      pg.proposal = job.result;
      pg.proposedMap = new Map(job.result.proposed.map((x) => [x.account_id, x.territory]));
      pg.mode = 'proposed';
    } else if (job.state === 'failed') {
      pg.alignError = problemText(new ApiError(job.problem ?? { status: 500 }));
    } else {
      pg.alignNotice = t('tr.align.cancelled');
    }
  } catch (err) {
    if (stale(mine, err)) return;
    cancelJob();
    pg.alignError = problemText(err);
  } finally {
    window.removeEventListener('pagehide', cancelJob);
  }
  mine.signal.removeEventListener('abort', cancelJob);
  pg.alignJob = null;
  setBusy(pg, '');
  pg.refresh();
  // A what-if cut short by the proposal is measured again.
  if (editedCount(pg) > 0 && !pg.comparison) void runWhatIf(pg);
}

/** Cancel: stops waiting for the running proposal (which cancels its job) and says so. */
export function cancelProposal(pg: Territories): void {
  if (pg.busy !== 'align') return;
  pg.actionController?.abort();
  pg.actionController = null;
  pg.alignJob = null;
  pg.alignNotice = t('tr.align.cancelled');
  setBusy(pg, '');
  pg.refresh();
}

/** The progress of the running proposal: searches done of planned, best dispersion so far, seconds. */
function progressBlock(pg: Territories): HTMLElement {
  const job = pg.alignJob;
  const done = job?.searches_done ?? 0;
  const planned = job?.searches_planned ?? 0;
  return h(
    'div',
    { class: 'tr-align-progress', 'data-testid': 'tr-align-progress', 'data-job': job?.id ?? '', 'data-done': String(done), 'data-planned': String(planned) },
    // Without a value the bar is indeterminate: before the first search ends, nothing is planned yet.
    h('progress', { max: String(Math.max(planned, 1)), value: planned > 0 ? done : null, 'aria-label': t('tr.align.progressLabel'), 'data-testid': 'tr-align-progress-bar' }),
    h(
      'div',
      { class: 'form-status', role: 'status' },
      job?.bounding
        ? t('tr.align.bounding', { best: number(job.best_dispersion_km_h, 0), s: number(job.seconds, 1) })
        : done > 0
        ? t('tr.align.progress', { done: number(done, 0), planned: number(planned, 0), best: number(job!.best_dispersion_km_h, 0), s: number(job!.seconds, 1) })
        : t('tr.align.progressWaiting'),
    ),
  );
}

/** Records the job's latest figures and redraws only the progress block (the form keeps focus). */
function showProgress(pg: Territories, job: AlignJob): void {
  pg.alignJob = job;
  pg.sideBox.querySelector('[data-testid="tr-align-progress"]')?.replaceWith(progressBlock(pg));
}

/**
 * The proposal form: how much may move, potential weight, home bases, the lock count, the submit
 * and its error.
 */
export function alignCard(pg: Territories): HTMLElement {
  const num = (testid: string, value: number, min: number, max: number, step: number, set: (v: number) => void) =>
    h('input', {
      class: 'input input-sm',
      type: 'number',
      min: String(min),
      max: String(max),
      step: String(step),
      value: String(value),
      'data-testid': testid,
      oninput: (e: Event) => {
        const v = Number((e.target as HTMLInputElement).value);
        const ok = Number.isFinite(v) && v >= min && v <= max;
        (e.target as HTMLInputElement).classList.toggle('invalid', !ok);
        if (ok) set(v);
      },
    });
  const homes = h('input', { type: 'checkbox', 'data-testid': 'tr-align-homes', onchange: (e: Event) => (pg.alignForm.useHomes = (e.target as HTMLInputElement).checked) });
  homes.checked = pg.alignForm.useHomes;
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'tr-propose', disabled: pg.busy !== '' || !pg.view!.accounts.length }, pg.busy === 'align' ? t('tr.align.running') : t('tr.align.submit'));
  return card(
    t('tr.align.title'),
    h(
      'form',
      {
        class: 'fc-form',
        'data-testid': 'tr-align-form',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          void propose(pg);
        },
      },
      h('p', { class: 'hint' }, t('tr.align.hint', { tau: share(pg.tau) })),
      h(
        'div',
        { class: 'form-grid tr-align-grid' },
        h('label', { class: 'form-row' }, h('span', null, t('tr.align.maxMoved')), h('span', { class: 'tau-field' }, num('tr-align-max-moved', pg.alignForm.maxMoved, 0, 100, 5, (v) => (pg.alignForm.maxMoved = v)), '%')),
        h('label', { class: 'form-row', title: t('tr.align.potentialWeightHint') }, h('span', null, t('tr.align.potentialWeight')), num('tr-align-potential-weight', pg.alignForm.potentialWeight, 0, 100, 0.5, (v) => (pg.alignForm.potentialWeight = v))),
      ),
      h('label', { class: 'check' }, homes, h('span', null, t('tr.align.useHomes'))),
      pg.locked.size ? h('p', { class: 'hint', 'data-testid': 'tr-align-locks' }, t('tr.align.locks', { n: pg.locked.size })) : null,
      h(
        'div',
        { class: 'form-actions' },
        submit,
        pg.busy === 'align' ? [h('span', { class: 'spinner' }), h('button', { class: 'btn btn-secondary btn-sm', type: 'button', 'data-testid': 'tr-align-cancel', onclick: () => cancelProposal(pg) }, t('tr.align.cancel'))] : null,
      ),
      pg.busy === 'align' ? progressBlock(pg) : null,
      pg.alignNotice ? h('div', { class: 'form-status', role: 'status', 'data-testid': 'tr-align-notice' }, pg.alignNotice) : null,
      pg.alignError ? h('div', { class: 'form-error', role: 'alert', 'data-testid': 'tr-align-error' }, pg.alignError) : null,
    ),
    { testid: 'tr-align-card' },
  );
}

/**
 * The proposal card (nothing without one): disruption, unmet goals, "edit this proposal", and the
 * moves with their reasons (at most MOVES_LIMIT).
 */
export function renderProposal(pg: Territories): void {
  if (!pg.proposal) {
    mount(pg.proposalBox);
    return;
  }
  const p = pg.proposal;
  const d = p.disruption;
  const moves = p.moves;
  const nameOf = (id: string) => {
    const i = pg.accountIndex.get(id);
    return i === undefined ? id : pg.view!.accounts[i].name;
  };
  mount(
    pg.proposalBox,
    card(
      t('tr.proposal.title'),
      h(
        'div',
        { class: 'stack tr-proposal' },
        h(
          'div',
          { class: 'tr-disruption', 'data-testid': 'tr-disruption' },
          d
            ? [
                h('div', null, h('b', { 'data-value': String(d.moved_accounts), 'data-testid': 'tr-moved-accounts' }, number(d.moved_accounts, 0)), h('span', null, t('tr.proposal.movedAccounts', { share: share(d.moved_share) }))),
                h('div', null, h('b', null, share(d.moved_workload_share)), h('span', null, t('tr.proposal.movedWorkload'))),
                h('div', null, h('b', null, share(d.moved_potential_share)), h('span', null, t('tr.proposal.movedPotential'))),
              ]
            : h('span', { class: 'muted' }, t('tr.proposal.noCurrent')),
          p.gap !== null && p.lower_bound_km_h !== null
            ? h('div', { class: 'tr-gap', 'data-testid': 'tr-gap', 'data-gap': String(p.gap) }, t('tr.proposal.gap', { gap: share(p.gap), bound: number(p.lower_bound_km_h, 0) }))
            : h('div', { class: 'muted tr-gap', 'data-testid': 'tr-gap', 'data-gap': '' }, t('tr.proposal.noBound')),
          h('div', { class: 'muted tr-seconds' }, t('tr.proposal.seconds', { s: number(p.seconds, 1) })),
        ),
        p.notes.length
          ? h('div', { class: 'notice tr-notes', 'data-testid': 'tr-notes' }, h('b', null, t('tr.proposal.notes')), h('ul', null, p.notes.map((n) => h('li', { 'data-kind': n.kind }, noteText(n)))))
          : null,
        pg.canRealign
          ? h(
              'div',
              { class: 'form-actions' },
              h('button', { class: 'btn btn-secondary btn-sm', type: 'button', 'data-testid': 'tr-edit-proposal', disabled: pg.busy !== '', onclick: () => editFromProposal(pg) }, t('tr.proposal.edit')),
              h('span', { class: 'hint' }, t('tr.proposal.editHint')),
            )
          : null,
        moves.length
          ? h(
              'div',
              { class: 'table-wrap tr-moves-wrap' },
              h(
                'table',
                { class: 'table table-compact', 'data-testid': 'tr-moves' },
                h('thead', null, h('tr', null, h('th', null, t('tr.field.account')), h('th', null, t('tr.proposal.from')), h('th', null, t('tr.proposal.to')), h('th', null, t('tr.proposal.reason')))),
                h(
                  'tbody',
                  null,
                  moves.slice(0, MOVES_LIMIT).map((m) =>
                    h(
                      'tr',
                      { 'data-testid': 'tr-move-row', 'data-account': m.account_id },
                      h('td', null, nameOf(m.account_id)),
                      h('td', null, m.from ? repChip(pg, m.from) : '—'),
                      h('td', null, repChip(pg, m.to)),
                      h('td', { class: 'tr-reason', 'data-why': m.why }, moveReason(pg, m)),
                    ),
                  ),
                ),
              ),
              moves.length > MOVES_LIMIT ? h('p', { class: 'hint' }, t('tr.proposal.more', { n: moves.length - MOVES_LIMIT })) : null,
            )
          : h('p', { class: 'muted' }, t('tr.proposal.noMoves')),
      ),
      { testid: 'card-proposal', extra: h('span', { class: 'muted card-extra' }, t('tr.proposal.count', { n: number(moves.length, 0) })) },
    ),
  );
}
