// 区域计划 (#/territories/plans?rep=7&plan=12): the territory plan of one rep in the guide's
// five phases — each phase's questions as labelled answers, with the territory's real
// numbers beside them (sales trend and growth, top customers and prospects, lost-deal
// reasons, conversion rate and pipeline; see territory-plan-facts.ts) — its action items
// (added, edited, reviewed, deleted), its revisions (a new revision is a new record; older
// ones are read-only), deleting a plan, and its Markdown and PDF export. A rep plans only
// their own territory and changes only their own records; the server has the last word.
import { api, API_BASE, ApiError, request, type ForecastScope, type Id, type RecordBase } from '../api';
import { withBusy } from '../busy';
import { badge, card, empty, errorBox, fieldProblemText, loading, pageHeader } from '../components/ui';
import { h, mount } from '../dom';
import { date } from '../format';
import { getLocale, t, type MessageKey } from '../i18n';
import { replaceQuery, type RouteContext } from '../router';
import { currentUser } from '../session';
import { ScopePicker } from '../components/scope-picker';
import { factsAside, type Facts } from './territory-plan-facts';

/** The answer fields of a plan, phase by phase (docs/api.md "Territories"). */
const PHASES: { id: number; fields: string[] }[] = [
  { id: 1, fields: ['market_trends', 'top_customers', 'prospects', 'funding_gap'] },
  { id: 2, fields: ['missing_features', 'service_gaps', 'marketing_problems'] },
  { id: 3, fields: ['strengths', 'weaknesses', 'opportunities', 'threats'] },
  { id: 4, fields: ['goals', 'market_factors', 'action_plan'] },
  { id: 5, fields: ['strategies', 'lead_generation', 'feasibility'] },
];
const ANSWERS = PHASES.flatMap((p) => p.fields);
const STATUSES = ['draft', 'submitted', 'approved'] as const;
const ACTION_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;

interface Plan extends RecordBase {
  title: string;
  owner_id: Id | null;
  horizon: string;
  revision: number;
  status: string;
}

interface PlanAction extends RecordBase {
  plan_id: Id;
  owner_id: Id | null;
  title: string;
  resources: string | null;
  deadline: string | null;
  status: string;
  last_review: string | null;
  review_note: string | null;
}

const today = (): string => new Date().toISOString().slice(0, 10);
/** "Plan 2027 · r3" → "Plan 2027". */
const baseTitle = (title: string): string => title.replace(/\s*·\s*r\d+$/, '');

function fieldName(field: string): string {
  const key = `tp.q.${field}` as MessageKey;
  const known: Record<string, MessageKey> = {
    title: 'tp.title',
    horizon: 'tp.horizon',
    status: 'tp.status',
    revision: 'tp.revision',
    owner_id: 'tp.action.owner',
    deadline: 'tp.action.deadline',
    last_review: 'tp.action.lastReview',
    resources: 'tp.action.resources',
    version: 'tp.version',
  };
  if (known[field]) return t(known[field]);
  return ANSWERS.includes(field) ? t(key) : field;
}

function problemText(err: unknown): string {
  return fieldProblemText(err, fieldName);
}

export function territoryPlansPage(el: HTMLElement, ctx: RouteContext): () => void {
  const me = currentUser();
  const q = new URLSearchParams(ctx.query);
  let repId = q.get('rep') ?? '';
  let planId = q.get('plan') ?? '';
  let reps: ForecastScope[] = [];
  let plans: Plan[] = [];
  let plan: Plan | null = null;
  let actions: PlanAction[] = [];
  let facts: Facts | null = null;
  let factsError: unknown = null;
  const draft: Record<string, string> = {};
  let dirty = false;
  let busy = false;
  let message: { ok: boolean; text: string } | null = null;
  let actionError = '';
  let notice = ''; // shown in place of the editor after a plan is deleted
  let editingAction: Id | null = null; // the action item whose row is open for editing
  let controller: AbortController | null = null;

  const picker = new ScopePicker({
    testid: 'tp-rep',
    label: t('tp.rep'),
    byUser: true,
    // The reps' territories; a rep outside any hierarchy still plans their own.
    choose: (scopes) => {
      const found = scopes.filter((s) => s.level === 'rep' && s.user_id !== null);
      if (!found.length && me?.role === 'rep') return [{ key: `user:${me.id}`, name: me.name, level: 'rep', parent: '', user_id: me.id }];
      return found;
    },
    onChange: (value) => {
      if (dirty && !confirm(t('tp.discard'))) {
        picker.select.value = repId;
        return;
      }
      repId = value;
      planId = '';
      saveQuery();
      void loadRep();
    },
  });
  const content = h('div', { class: 'dashboard-body tp-body' });
  const root = h(
    'div',
    { class: 'page territory-plans', 'data-testid': 'territory-plans', 'data-state': 'loading' },
    pageHeader(
      t('tp.pageTitle'),
      t('tp.subtitle'),
      h('a', { class: 'btn btn-ghost btn-sm', href: '#/territories', 'data-testid': 'tp-map-link' }, t('tp.toMap')),
      h('label', { class: 'inline-field' }, h('span', null, t('tp.rep')), picker.select),
    ),
    content,
  );
  mount(el, root);
  mount(content, loading());

  function saveQuery(): void {
    const next = new URLSearchParams();
    if (repId) next.set('rep', repId);
    if (planId) next.set('plan', planId);
    replaceQuery(next);
  }

  const repName = (id: Id | null | undefined): string => {
    if (id === null || id === undefined) return '—';
    const r = reps.find((s) => String(s.user_id) === String(id));
    if (r) return r.name;
    return me && String(me.id) === String(id) ? me.name : `#${id}`;
  };

  /** The plans of the same family (same base title), newest revision first. */
  function family(p: Plan): Plan[] {
    const b = baseTitle(p.title);
    return plans.filter((x) => baseTitle(x.title) === b).sort((a, c) => c.revision - a.revision);
  }
  const isLatest = (p: Plan): boolean => family(p)[0]?.id === p.id;
  /** Whether the signed-in user may change a record owned by `owner` (a rep: only their own; the server has the last word). */
  const mayChange = (owner: Id | null | undefined): boolean => !!me && (me.role !== 'rep' || String(owner) === String(me.id));
  const readOnly = (): boolean => !plan || !isLatest(plan);

  // ---------- plans list and the new-plan form ----------

  function statusBadge(s: string): HTMLElement {
    const tone = s === 'approved' ? 'green' : s === 'submitted' ? 'blue' : 'slate';
    return badge(t(`tp.status.${s}` as MessageKey), tone);
  }

  function listCard(): HTMLElement {
    const rows = [...plans].sort((a, b) => baseTitle(a.title).localeCompare(baseTitle(b.title)) || b.revision - a.revision);
    const title = h('input', { class: 'input input-sm', 'data-testid': 'tp-new-title', placeholder: t('tp.new.titlePlaceholder'), 'aria-label': t('tp.title') });
    const horizon = h('input', { class: 'input input-sm', 'data-testid': 'tp-new-horizon', value: String(new Date().getFullYear() + 1), 'aria-label': t('tp.horizon') });
    const err = h('div', { class: 'form-status', role: 'status', 'data-testid': 'tp-new-error' });
    const form = h(
      'form',
      {
        class: 'tp-new',
        'data-testid': 'tp-new',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const tt = title.value.trim();
          if (!tt) {
            title.classList.add('invalid');
            err.textContent = t('tp.new.needTitle');
            return;
          }
          void createPlan({ title: tt, horizon: horizon.value.trim(), owner_id: Number(repId) || repId, revision: 1, status: 'draft' }, err);
        },
      },
      h('div', { class: 'tp-new-row' }, h('label', { class: 'form-row' }, h('span', null, t('tp.title')), title), h('label', { class: 'form-row tp-new-horizon' }, h('span', null, t('tp.horizon')), horizon)),
      h('button', { class: 'btn btn-primary btn-sm', type: 'submit', 'data-testid': 'tp-create' }, t('tp.new.create')),
      err,
    );
    return card(
      t('tp.list.title', { name: repName(repId) }),
      [
        rows.length
          ? h(
              'ul',
              { class: 'tp-list', 'data-testid': 'tp-list' },
              rows.map((p) =>
                h(
                  'li',
                  { class: String(p.id) === planId ? 'active' : '' },
                  h(
                    'button',
                    { type: 'button', class: 'tp-list-item', onclick: () => choose(p), 'data-testid': 'tp-plan-link', 'data-id': String(p.id), 'data-revision': String(p.revision) },
                    h('span', { class: 'tp-list-title' }, p.title),
                    h('span', { class: 'tp-list-meta' }, t('tp.list.meta', { revision: p.revision, horizon: p.horizon ?? '—' }), ' ', statusBadge(p.status), isLatest(p) ? null : badge(t('tp.readOnly'), 'muted')),
                  ),
                ),
              ),
            )
          : empty(t('tp.list.empty')),
        h('h3', { class: 'tp-sub' }, t('tp.new.title')),
        form,
      ],
      { testid: 'tp-plans' },
    );
  }

  async function createPlan(body: Record<string, unknown>, status: HTMLElement): Promise<Plan | null> {
    busy = true;
    try {
      const p = await api.create<Plan>('territory_plans', body);
      planId = String(p.id);
      plans.push(p);
      saveQuery();
      await openPlan(p);
      return p;
    } catch (err) {
      status.textContent = problemText(err);
      status.classList.remove('ok');
      return null;
    } finally {
      busy = false;
    }
  }

  // ---------- the editor ----------

  const editorBox = h('div', { class: 'stack' });
  const listBox = h('div');

  function setDirty(d: boolean): void {
    dirty = d;
    root.dataset.dirty = d ? 'true' : '';
  }

  function phaseCard(phase: { id: number; fields: string[] }): HTMLElement {
    const ro = readOnly();
    const aside = factsAside(phase.id, facts, factsError);
    const questions = h(
      'div',
      { class: 'tp-questions' },
      phase.fields.map((f) => {
        const id = `tp-${f}`;
        const area = h('textarea', {
          id,
          class: 'input tp-answer',
          rows: 3,
          'data-testid': `tp-answer-${f}`,
          'data-field': f,
          placeholder: t(`tp.hint.${f}` as MessageKey),
          readonly: ro,
          oninput: () => {
            draft[f] = area.value;
            setDirty(true);
            renderStatus();
          },
        });
        area.value = draft[f] ?? '';
        return h('div', { class: 'form-row' }, h('label', { for: id }, t(`tp.q.${f}` as MessageKey)), area);
      }),
    );
    return card(t(`tp.phase.${phase.id}` as MessageKey), h('div', { class: aside ? 'tp-phase' : 'tp-phase tp-phase-full' }, questions, aside ? h('aside', { class: 'tp-facts', 'data-testid': `tp-facts-${phase.id}` }, aside) : null), {
      testid: `tp-phase-${phase.id}`,
      class: 'tp-phase-card',
    });
  }

  const statusLine = h('div', { class: 'form-status', role: 'status', 'data-testid': 'tp-status-line' });
  function renderStatus(): void {
    statusLine.classList.toggle('ok', !!message?.ok);
    statusLine.classList.toggle('form-error', !!message && !message.ok);
    statusLine.textContent = message ? message.text : dirty ? t('tp.unsaved') : '';
  }

  function toolbar(p: Plan): HTMLElement {
    const ro = readOnly();
    const statusSel = h(
      'select',
      {
        class: 'input input-sm',
        'data-testid': 'tp-status',
        'aria-label': t('tp.status'),
        disabled: ro,
        onchange: () => {
          draft.status = statusSel.value;
          setDirty(true);
          renderStatus();
        },
      },
      STATUSES.map((s) => h('option', { value: s }, t(`tp.status.${s}` as MessageKey))),
    );
    statusSel.value = draft.status ?? p.status;
    const horizon = h('input', {
      class: 'input input-sm tp-horizon',
      'data-testid': 'tp-horizon',
      'aria-label': t('tp.horizon'),
      value: draft.horizon ?? p.horizon ?? '',
      readonly: ro,
      oninput: () => {
        draft.horizon = horizon.value;
        setDirty(true);
        renderStatus();
      },
    });
    const md = `${API_BASE}/territory_plans/${encodeURIComponent(String(p.id))}/markdown?lang=${encodeURIComponent(getLocale())}`;
    const pdf = `${API_BASE}/territory_plans/${encodeURIComponent(String(p.id))}/pdf?lang=${encodeURIComponent(getLocale())}`;
    const latest = family(p)[0];
    return h(
      'div',
      { class: 'tp-toolbar' },
      h(
        'div',
        { class: 'tp-toolbar-title' },
        h('h2', { 'data-testid': 'tp-plan-title' }, p.title),
        h('span', { class: 'muted' }, t('tp.revisionOf', { n: p.revision, owner: repName(p.owner_id) })),
        ro
          ? h('span', { class: 'tp-ro', 'data-testid': 'tp-readonly' }, badge(t('tp.readOnly'), 'muted'), ' ', h('button', { class: 'btn btn-ghost btn-sm', type: 'button', 'data-testid': 'tp-open-latest', onclick: () => choose(latest) }, t('tp.openLatest', { n: latest.revision })))
          : null,
      ),
      h(
        'div',
        { class: 'tp-toolbar-actions' },
        h('label', { class: 'inline-field' }, h('span', null, t('tp.horizon')), horizon),
        h('label', { class: 'inline-field' }, h('span', null, t('tp.status')), statusSel),
        ro ? null : h('button', { class: 'btn btn-primary btn-sm', type: 'button', 'data-testid': 'tp-save', onclick: () => void save() }, t('tp.save')),
        ro ? null : h('button', { class: 'btn btn-secondary btn-sm', type: 'button', 'data-testid': 'tp-new-revision', onclick: () => void newRevision() }, t('tp.newRevision')),
        h('a', { class: 'btn btn-ghost btn-sm', href: md, download: `plan-${p.id}.md`, 'data-testid': 'tp-export' }, t('tp.export')),
        h('a', { class: 'btn btn-ghost btn-sm', href: pdf, download: `plan-${p.id}.pdf`, type: 'application/pdf', 'data-testid': 'tp-export-pdf' }, t('tp.exportPdf')),
        ro || !mayChange(p.owner_id) ? null : h('button', { class: 'btn btn-ghost btn-sm btn-danger', type: 'button', 'data-testid': 'tp-delete', onclick: () => void deletePlan() }, t('tp.delete')),
      ),
    );
  }

  function renderEditor(): void {
    if (!plan) {
      mount(editorBox, notice ? h('div', { class: 'form-status ok', role: 'status', 'data-testid': 'tp-notice' }, notice) : null, plans.length ? empty(t('tp.pick')) : null);
      root.dataset.plan = '';
      return;
    }
    root.dataset.plan = String(plan.id);
    root.dataset.revision = String(plan.revision);
    root.dataset.readonly = readOnly() ? 'true' : '';
    renderStatus();
    mount(
      editorBox,
      card(null, [toolbar(plan), statusLine], { testid: 'tp-editor', class: 'tp-editor-card' }),
      PHASES.map(phaseCard),
      actionsCard(),
    );
  }

  function bodyOfDraft(): Record<string, unknown> {
    const b: Record<string, unknown> = {};
    for (const f of ANSWERS) b[f] = draft[f]?.trim() ? draft[f] : null;
    b.horizon = draft.horizon?.trim() ?? plan?.horizon;
    b.status = draft.status ?? plan?.status;
    return b;
  }

  /**
   * Runs a change of the open plan behind the page's busy flag, with `data-busy` = `what`
   * meanwhile (cleared after); a failure goes to `fail`, by default the status line.
   */
  function runChange(what: string, work: () => Promise<void>, fail: (err: unknown) => void | Promise<void> = showProblem): Promise<void> {
    const mark = (on: boolean) => {
      busy = on;
      root.dataset.busy = on ? what : '';
    };
    return withBusy(mark, work, fail);
  }

  /** Shows a failed change's problem in the status line. */
  function showProblem(err: unknown): void {
    message = { ok: false, text: problemText(err) };
    renderStatus();
  }

  async function save(): Promise<void> {
    if (!plan || busy) return;
    const current = plan;
    await runChange('save', async () => {
      const p = await api.update<Plan>('territory_plans', current, bodyOfDraft());
      plans = plans.map((x) => (x.id === p.id ? p : x));
      plan = p;
      loadDraft(p);
      setDirty(false);
      message = { ok: true, text: t('tp.saved') };
      renderList();
      renderEditor();
    });
  }

  async function newRevision(): Promise<void> {
    if (!plan || busy) return;
    const fam = family(plan);
    const n = Math.max(...fam.map((x) => x.revision)) + 1;
    const base = baseTitle(plan.title);
    const old = plan;
    const oldActions = actions;
    await runChange('revision', async () => {
      const p = await api.create<Plan>('territory_plans', { ...bodyOfDraft(), title: `${base} · r${n}`, owner_id: old.owner_id, revision: n, status: 'draft' });
      // Unfinished action items carry over to the new revision.
      for (const a of oldActions.filter((x) => x.status === 'open' || x.status === 'in_progress')) {
        await api.create<PlanAction>('plan_actions', { plan_id: p.id, owner_id: a.owner_id, title: a.title, resources: a.resources, deadline: a.deadline, status: a.status, last_review: a.last_review, review_note: a.review_note });
      }
      plans.push(p);
      planId = String(p.id);
      saveQuery();
      setDirty(false);
      await openPlan(p);
      message = { ok: true, text: t('tp.revisionSaved', { n }) };
      renderStatus();
    });
  }

  /**
   * Deletes the open plan and its action items after the user confirms (the confirm names
   * the plan and how many items go with it). The previous revision, if any, becomes the
   * latest and editable again. Failures are shown in the status line; nothing is retried.
   */
  async function deletePlan(): Promise<void> {
    if (!plan || busy) return;
    const p = plan;
    if (!confirm(t('tp.deleteConfirm', { title: p.title, n: actions.length }))) return;
    await runChange(
      'delete',
      async () => {
        for (const a of actions) await api.remove('plan_actions', a);
        await api.remove('territory_plans', p);
        plans = plans.filter((x) => x.id !== p.id);
        plan = null;
        actions = [];
        planId = '';
        notice = t('tp.deleted', { title: p.title });
        saveQuery();
        setDirty(false);
        renderList();
        renderEditor();
      },
      async (err) => {
        // Items deleted before the failure are gone: show what is left.
        const left = await api.list<PlanAction>('plan_actions', { plan_id: String(p.id), limit: 500, sort: 'deadline' }).catch(() => null);
        if (left && plan === p) actions = left.items;
        message = { ok: false, text: problemText(err) };
        renderEditor();
      },
    );
  }

  // ---------- action items ----------

  function actionStatusBadge(s: string): HTMLElement {
    const tone = s === 'done' ? 'green' : s === 'in_progress' ? 'blue' : s === 'dropped' ? 'muted' : 'amber';
    return badge(t(`tp.actionStatus.${s}` as MessageKey), tone);
  }

  async function updateAction(a: PlanAction, body: Partial<PlanAction>): Promise<void> {
    try {
      const next = await api.update<PlanAction>('plan_actions', a, body);
      actions = actions.map((x) => (x.id === next.id ? next : x));
      actionError = '';
    } catch (err) {
      actionError = problemText(err);
    }
    renderActions();
  }

  const actionsBox = h('div');
  function actionsCard(): HTMLElement {
    renderActions();
    return card(t('tp.actions.title'), actionsBox, { testid: 'tp-actions' });
  }

  function ownerSelect(value: Id | null, testid: string): HTMLSelectElement {
    const sel = h(
      'select',
      { class: 'input input-sm', 'data-testid': testid, 'aria-label': t('tp.action.owner') },
      reps.map((r) => h('option', { value: String(r.user_id) }, r.name)),
      me && !reps.some((r) => String(r.user_id) === String(me.id)) ? h('option', { value: String(me.id) }, me.name) : null,
    );
    sel.value = String(value ?? repId);
    return sel;
  }

  const overdue = (a: PlanAction) => !!a.deadline && a.deadline < today() && (a.status === 'open' || a.status === 'in_progress');

  /** One action item as a table row; its controls only when `editable` (latest revision, and the user may change it). */
  function actionRow(a: PlanAction, editable: boolean): HTMLElement {
    const status = h(
      'select',
      { class: 'input input-sm', 'data-testid': 'tp-action-status', 'aria-label': t('tp.action.status'), onchange: () => void updateAction(a, { status: status.value }) },
      ACTION_STATUSES.map((s) => h('option', { value: s }, t(`tp.actionStatus.${s}` as MessageKey))),
    );
    status.value = a.status;
    const deadline = h('input', {
      class: 'input input-sm',
      type: 'date',
      'data-testid': 'tp-action-deadline',
      'aria-label': t('tp.action.deadline'),
      value: a.deadline ?? '',
      onchange: () => void updateAction(a, { deadline: deadline.value || null }),
    });
    const note = h('input', { class: 'input input-sm', 'data-testid': 'tp-action-note', placeholder: t('tp.action.notePlaceholder'), 'aria-label': t('tp.action.reviewNote'), value: a.review_note ?? '' });
    return h(
      'tr',
      { 'data-testid': 'tp-action-row', 'data-id': String(a.id), 'data-status': a.status, 'data-editable': editable ? 'true' : '', class: overdue(a) ? 'tp-overdue' : '' },
      h('td', null, h('div', { class: 'tp-action-title', 'data-testid': 'tp-action-title' }, a.title), a.resources ? h('div', { class: 'muted', 'data-testid': 'tp-action-resources' }, t('tp.action.resourcesShort', { text: a.resources })) : null),
      h('td', { 'data-testid': 'tp-action-owner', 'data-value': String(a.owner_id ?? '') }, repName(a.owner_id)),
      h('td', null, editable ? deadline : h('span', { 'data-testid': 'tp-action-deadline-text' }, date(a.deadline)), overdue(a) ? h('div', null, badge(t('tp.action.overdue'), 'red')) : null),
      h('td', null, editable ? status : actionStatusBadge(a.status)),
      h('td', null, h('div', { 'data-testid': 'tp-action-last-review' }, a.last_review ? date(a.last_review) : t('tp.action.never')), editable ? note : a.review_note ? h('div', { class: 'muted' }, a.review_note) : null),
      h(
        'td',
        null,
        editable
          ? h(
              'div',
              { class: 'tp-action-buttons' },
              h('button', { class: 'btn btn-ghost btn-sm', type: 'button', 'data-testid': 'tp-action-reviewed', onclick: () => void updateAction(a, { last_review: today(), review_note: note.value.trim() || null }) }, t('tp.action.reviewedToday')),
              h('button', { class: 'btn btn-ghost btn-sm', type: 'button', 'data-testid': 'tp-action-edit', onclick: () => ((editingAction = a.id), (actionError = ''), renderActions()) }, t('tp.action.edit')),
              h('button', { class: 'btn btn-ghost btn-sm btn-danger', type: 'button', 'data-testid': 'tp-action-delete', onclick: () => void deleteAction(a) }, t('tp.action.delete')),
            )
          : null,
      ),
    );
  }

  /** The row of an action item open for editing: title, owner, resources and deadline; saved with its version. */
  function actionEditRow(a: PlanAction): HTMLElement {
    const title = h('input', { class: 'input input-sm', 'data-testid': 'tp-action-edit-title', 'aria-label': t('tp.action.item'), value: a.title, maxlength: 300 });
    const resources = h('input', { class: 'input input-sm', 'data-testid': 'tp-action-edit-resources', 'aria-label': t('tp.action.resources'), placeholder: t('tp.action.resourcesPlaceholder'), value: a.resources ?? '' });
    const deadline = h('input', { class: 'input input-sm', type: 'date', 'data-testid': 'tp-action-edit-deadline', 'aria-label': t('tp.action.deadline'), value: a.deadline ?? '' });
    const owner = ownerSelect(a.owner_id, 'tp-action-edit-owner');
    const save = (e: Event) => {
      e.preventDefault();
      if (!title.value.trim()) {
        title.classList.add('invalid');
        actionError = t('tp.action.needTitle');
        return renderActionError();
      }
      void saveActionEdit(a, { title: title.value.trim(), owner_id: Number(owner.value) || owner.value, resources: resources.value.trim() || null, deadline: deadline.value || null });
    };
    return h(
      'tr',
      { 'data-testid': 'tp-action-edit-row', 'data-id': String(a.id) },
      h('td', { colspan: 6 }, h(
        'form',
        { class: 'tp-action-edit-form', 'data-testid': 'tp-action-edit-form', onsubmit: save },
        h('label', { class: 'form-row' }, h('span', null, t('tp.action.item')), title),
        h('label', { class: 'form-row' }, h('span', null, t('tp.action.owner')), owner),
        h('label', { class: 'form-row' }, h('span', null, t('tp.action.resources')), resources),
        h('label', { class: 'form-row' }, h('span', null, t('tp.action.deadline')), deadline),
        h(
          'div',
          { class: 'tp-action-edit-buttons' },
          h('button', { class: 'btn btn-primary btn-sm', type: 'submit', 'data-testid': 'tp-action-edit-save' }, t('tp.save')),
          h('button', { class: 'btn btn-ghost btn-sm', type: 'button', 'data-testid': 'tp-action-edit-cancel', onclick: () => ((editingAction = null), (actionError = ''), renderActions()) }, t('tp.action.cancel')),
        ),
      )),
    );
  }

  /**
   * The problem of a failed change to action item `a`, as text. When someone else changed
   * the item meanwhile (412), the item is reloaded first (or dropped when it is gone), so the
   * user sees what is stored now and can make the change again.
   */
  async function actionProblem(a: PlanAction, err: unknown): Promise<string> {
    if (!(err instanceof ApiError) || err.status !== 412) return problemText(err);
    try {
      const now = await api.get<PlanAction>('plan_actions', a.id);
      actions = actions.map((x) => (x.id === now.id ? now : x));
    } catch {
      actions = actions.filter((x) => x.id !== a.id);
      editingAction = null;
    }
    return t('tp.action.changedElsewhere');
  }

  /** PATCHes an edited action item; the row closes on success and stays open with the problem on failure. */
  async function saveActionEdit(a: PlanAction, body: Partial<PlanAction>): Promise<void> {
    try {
      const next = await api.update<PlanAction>('plan_actions', a, body);
      actions = actions.map((x) => (x.id === next.id ? next : x));
      editingAction = null;
      actionError = '';
    } catch (err) {
      actionError = await actionProblem(a, err);
    }
    renderActions();
  }

  /** Deletes an action item after the user confirms; the problem is shown when the server refuses. */
  async function deleteAction(a: PlanAction): Promise<void> {
    if (!confirm(t('tp.action.deleteConfirm', { title: a.title }))) return;
    try {
      await api.remove('plan_actions', a);
      actions = actions.filter((x) => x.id !== a.id);
      actionError = '';
    } catch (err) {
      actionError = await actionProblem(a, err);
    }
    renderActions();
  }

  const actionErrorBox = h('div', { role: 'alert', 'data-testid': 'tp-action-error' });
  function renderActionError(): void {
    actionErrorBox.className = actionError ? 'form-error' : '';
    actionErrorBox.textContent = actionError;
  }

  /** The form that adds an action item to the open plan. */
  function addActionForm(): HTMLElement {
    const title = h('input', { class: 'input input-sm', 'data-testid': 'tp-action-new-title', placeholder: t('tp.action.titlePlaceholder'), 'aria-label': t('tp.action.item') });
    const resources = h('input', { class: 'input input-sm', 'data-testid': 'tp-action-new-resources', placeholder: t('tp.action.resourcesPlaceholder'), 'aria-label': t('tp.action.resources') });
    const deadline = h('input', { class: 'input input-sm', type: 'date', 'data-testid': 'tp-action-new-deadline', 'aria-label': t('tp.action.deadline') });
    const owner = ownerSelect(plan?.owner_id ?? null, 'tp-action-new-owner');
    return h(
      'form',
      {
        class: 'form-inline tp-action-form',
        'data-testid': 'tp-action-new',
        onsubmit: (e: Event) => {
          e.preventDefault();
          if (!plan) return;
          if (!title.value.trim()) {
            title.classList.add('invalid');
            actionError = t('tp.action.needTitle');
            return renderActionError();
          }
          const p = plan;
          void api
            .create<PlanAction>('plan_actions', { plan_id: p.id, owner_id: Number(owner.value) || owner.value, title: title.value.trim(), resources: resources.value.trim() || null, deadline: deadline.value || null, status: 'open' })
            .then((a) => {
              if (plan?.id !== p.id) return;
              actions.push(a);
              actionError = '';
              renderActions();
            })
            .catch((err) => {
              actionError = problemText(err);
              renderActionError();
            });
        },
      },
      h('label', { class: 'form-row' }, h('span', null, t('tp.action.item')), title),
      h('label', { class: 'form-row' }, h('span', null, t('tp.action.owner')), owner),
      h('label', { class: 'form-row' }, h('span', null, t('tp.action.resources')), resources),
      h('label', { class: 'form-row' }, h('span', null, t('tp.action.deadline')), deadline),
      h('button', { class: 'btn btn-primary btn-sm', type: 'submit', 'data-testid': 'tp-action-add' }, t('tp.action.add')),
    );
  }

  /** Redraws the open plan's action items (one row open for editing at most), the add form and the last problem. */
  function renderActions(): void {
    const ro = readOnly();
    const rows = actions.map((a) => (!ro && a.id === editingAction ? actionEditRow(a) : actionRow(a, !ro && mayChange(a.owner_id))));
    mount(
      actionsBox,
      actions.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'table tp-actions-table' },
              h(
                'thead',
                null,
                h('tr', null, h('th', null, t('tp.action.item')), h('th', null, t('tp.action.owner')), h('th', null, t('tp.action.deadline')), h('th', null, t('tp.action.status')), h('th', null, t('tp.action.lastReview')), h('th', null, '')),
              ),
              h('tbody', null, rows),
            ),
          )
        : empty(t('tp.actions.empty')),
      ro ? h('p', { class: 'hint' }, t('tp.actions.readOnly')) : [h('h3', { class: 'tp-sub' }, t('tp.action.addTitle')), addActionForm()],
      actionErrorBox,
    );
    renderActionError();
  }

  // ---------- loading ----------

  function loadDraft(p: Plan): void {
    for (const k of Object.keys(draft)) delete draft[k];
    for (const f of ANSWERS) draft[f] = typeof p[f] === 'string' ? (p[f] as string) : '';
    draft.horizon = p.horizon ?? '';
    draft.status = p.status;
  }

  function renderList(): void {
    mount(listBox, listCard());
  }

  /** Opens another plan of the list (asks first when there are unsaved answers). */
  function choose(p: Plan): void {
    if (plan && p.id === plan.id) return;
    if (dirty && !confirm(t('tp.discard'))) return;
    planId = String(p.id);
    saveQuery();
    void openPlan(p);
  }

  async function openPlan(p: Plan): Promise<void> {
    plan = p;
    loadDraft(p);
    setDirty(false);
    message = null;
    notice = '';
    editingAction = null;
    actionError = '';
    actions = [];
    renderList();
    try {
      const page = await api.list<PlanAction>('plan_actions', { plan_id: String(p.id), limit: 500, sort: 'deadline' });
      if (plan !== p) return;
      actions = page.items;
    } catch (err) {
      actionError = problemText(err);
    }
    renderEditor();
    root.dataset.state = 'ready';
  }

  async function loadRep(): Promise<void> {
    controller?.abort();
    const mine = (controller = new AbortController());
    root.dataset.state = 'loading';
    plan = null;
    notice = '';
    facts = null;
    factsError = null;
    mount(content, loading());
    try {
      const [list, f] = await Promise.all([
        api.list<Plan>('territory_plans', { owner_id: repId, limit: 500, sort: '-revision' }, mine.signal),
        request<Facts>('GET', '/territories/facts', { query: { scope: `user:${repId}` }, signal: mine.signal }).catch((err: unknown) => {
          if ((err as Error).name === 'AbortError') throw err;
          factsError = err;
          return null;
        }),
      ]);
      if (mine.signal.aborted) return;
      plans = list.items;
      facts = f;
      root.dataset.rep = repId;
      root.dataset.plans = String(plans.length);
      mount(content, h('div', { class: 'grid tp-main' }, listBox, editorBox));
      const chosen = plans.find((p) => String(p.id) === planId);
      if (planId && !chosen) {
        planId = '';
        saveQuery();
      }
      if (chosen) {
        await openPlan(chosen);
      } else {
        renderList();
        renderEditor();
        root.dataset.state = 'ready';
      }
    } catch (err) {
      if (mine.signal.aborted || (err as Error).name === 'AbortError') return;
      root.dataset.state = 'error';
      mount(content, errorBox(err, () => void loadRep()));
    }
  }

  /** Start-up: the reps the user plans for in the picker, then the asked (or own, or first) rep's plans. */
  async function start(): Promise<void> {
    const mine = (controller = new AbortController());
    if (!(await picker.start({ root, content, signal: mine.signal, emptyText: t('tp.noReps'), retry: () => void start() }))) return;
    reps = picker.scopes;
    // A link to a plan alone (?plan=12, e.g. from the dashboard's overdue items) opens its territory.
    if (planId && !repId) {
      try {
        const p = await api.get<Plan>('territory_plans', planId, mine.signal);
        if (p.owner_id !== null && p.owner_id !== undefined) repId = String(p.owner_id);
      } catch {
        if (mine.signal.aborted) return;
        planId = '';
      }
    }
    if (!reps.some((r) => String(r.user_id) === repId)) {
      const own = me ? reps.find((r) => String(r.user_id) === String(me.id)) : undefined;
      repId = String((own ?? reps[0]).user_id);
    }
    picker.show(repId);
    saveQuery();
    await loadRep();
  }

  void start();
  return () => {
    controller?.abort();
  };
}
