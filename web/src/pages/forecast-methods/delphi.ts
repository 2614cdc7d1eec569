// 德尔菲法 (#/forecast/methods/delphi[?study=<id>]): Delphi studies — the list and a manager's
// form to open one, and a study's rounds (median, quartiles, reasons), the user's answer, the
// moderator's "next round" and, once closed, keeping the consensus as a forecast.
import { api, request, type Id } from '../../api';
import { mountChart } from '../../charts';
import { card, empty, errorBox, loading } from '../../components/ui';
import { h, mount } from '../../dom';
import { delphiOption } from '../../method-charts';
import { money, number, percent } from '../../format';
import { t, tDyn, type MessageKey } from '../../i18n';
import { keepBox } from './keep';
import { type Env, kpiRow, errText, field, fin, input, isManager, kpi, need, numCell, orgCurrency, parseNumber, saveOnce, scopeName, scopeSelect, scopeUser, setStatus, statusEl, table, th, thisMonth } from './shared';

interface Study {
  id: Id;
  question: string;
  scope_user_id?: Id | null;
  period: string;
  threshold: number;
  max_rounds: number;
  round: number;
  status: string;
  owner_id?: Id;
  [k: string]: unknown;
}
interface DelphiRound {
  round: number;
  n: number;
  median: number;
  q1: number;
  q3: number;
  iqr: number;
  relative_iqr: number;
  min: number;
  max: number;
  converged: boolean;
  reasons: { position: 'below' | 'at' | 'above'; text: string }[];
}
interface DelphiView {
  study: Study;
  answers_per_round: number[];
  rounds: DelphiRound[];
  finished: boolean;
  converged: boolean;
  consensus: number | null;
  status: string;
  my_figure: number | null;
  my_reason: string;
  moderator: boolean;
}

/**
 * The Delphi screen: with `?study=<id>` that study, else the studies (delphi_studies, newest
 * first) beside the create form (managers) or a note (reps).
 */
export function delphiScreen(el: HTMLElement, env: Env): void {
  const id = env.query.get('study');
  if (id) return delphiStudy(el, env, id);
  const list = h('div', { 'data-testid': 'fm-delphi-list', 'data-state': 'loading' }, loading());
  const createCard = isManager(env.me) ? card(t('fm.delphi.create'), createForm(), { testid: 'fm-delphi-create' }) : card(null, h('p', { class: 'hint', 'data-testid': 'fm-delphi-repnote' }, t('fm.delphi.repNote')));
  mount(el, h('div', { class: 'grid grid-1-1' }, card(t('fm.delphi.studies'), list), createCard));

  function createForm(): HTMLElement {
    const question = h('textarea', { class: 'input', rows: 2, 'data-testid': 'fm-delphi-question', maxlength: 2000 });
    const scope = scopeSelect(env, 'fm-delphi-scope', env.scopes[0]?.key ?? '');
    const period = h('input', { class: 'input', type: 'month', value: thisMonth(), 'data-testid': 'fm-delphi-period' });
    const threshold = input('fm-delphi-threshold', { value: '0.1', inputmode: 'decimal' });
    const rounds = input('fm-delphi-rounds', { value: '3', inputmode: 'numeric' });
    const status = statusEl('fm-delphi-create-status');
    const submit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'fm-delphi-create-submit' }, t('fm.delphi.createSubmit'));
    return h(
      'form',
      {
        class: 'fc-form',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          let b: Record<string, unknown>;
          try {
            need(!!question.value.trim(), t('fm.delphi.question'), t('fm.err.required'));
            need(/^\d{4}-\d{2}$/.test(period.value), t('fc.form.month'), t('fm.err.month'));
            const th = parseNumber(threshold.value);
            need(fin(th) && th > 0 && th < 10, t('fm.delphi.threshold'), t('fm.err.positive'));
            const mr = parseNumber(rounds.value);
            need(Number.isInteger(mr) && mr >= 1 && mr <= 20, t('fm.delphi.maxRounds'), t('fm.delphi.badRounds'));
            b = { question: question.value.trim(), period: period.value, threshold: th, max_rounds: mr, round: 1, status: 'open' };
            const user = scopeUser(env, scope.value);
            if (user !== null && user !== undefined) b.scope_user_id = user;
          } catch (err) {
            return setStatus(status, 'error', errText(err));
          }
          saveOnce(submit, status, () => api.create<Study>('delphi_studies', b), (s) => (location.hash = `#/forecast/methods/delphi?study=${s.id}`));
        },
      },
      h('p', { class: 'hint' }, t('fm.delphi.createHint')),
      field(t('fm.delphi.question'), question),
      h('div', { class: 'form-grid' }, field(t('fc.scope'), scope), field(t('fc.form.month'), period)),
      h('div', { class: 'form-grid' }, field(t('fm.delphi.threshold'), threshold, t('fm.delphi.thresholdHint')), field(t('fm.delphi.maxRounds'), rounds)),
      h('div', { class: 'form-actions' }, submit),
      status,
    );
  }

  async function load(): Promise<void> {
    try {
      const page = await api.list<Study>('delphi_studies', { limit: 200, sort: '-id' });
      list.dataset.state = 'ready';
      mount(
        list,
        page.items.length
          ? table(
              'fm-delphi-table',
              [th(t('fm.delphi.question')), th(t('fc.form.month')), th(t('fm.delphi.round'), true), th(t('fm.delphi.status'))],
              page.items.map((s) =>
                h('tr', { 'data-testid': 'fm-delphi-study', 'data-id': String(s.id) }, h('td', null, h('a', { href: `#/forecast/methods/delphi?study=${s.id}` }, s.question)), h('td', null, s.period), numCell(s.round, String(s.round)), h('td', null, tDyn('fm.delphi.st', s.status))),
              ),
            )
          : empty(t('fm.delphi.noStudies')),
      );
    } catch (err) {
      list.dataset.state = 'error';
      mount(list, errorBox(err, () => void load()));
    }
  }
  void load();
}

/** One study (GET /forecast/delphi/<id>): rounds, the answer form while open, the moderator's next round, the consensus to keep. */
function delphiStudy(el: HTMLElement, env: Env, id: string): void {
  const box = h('div', { class: 'stack', 'data-testid': 'fm-delphi-study-view', 'data-state': 'loading' }, loading());
  mount(el, h('p', null, h('a', { href: '#/forecast/methods/delphi', 'data-testid': 'fm-delphi-back' }, t('fm.delphi.back'))), box);

  async function load(flash?: string): Promise<void> {
    try {
      const [v, cur] = await Promise.all([request<DelphiView>('GET', `/forecast/delphi/${encodeURIComponent(id)}`), orgCurrency()]);
      show(v, cur, flash);
    } catch (err) {
      box.dataset.state = 'error';
      mount(box, errorBox(err, () => void load()));
    }
  }

  function show(v: DelphiView, cur: string, flash?: string): void {
    box.dataset.state = 'ready';
    box.dataset.status = v.study.status;
    const s = v.study;
    const open = s.status === 'open';
    const chartBox = h('div', { class: 'chart', style: 'height:240px', 'data-testid': 'fm-delphi-chart' });
    const last = v.rounds[v.rounds.length - 1];
    const answered = v.answers_per_round[v.answers_per_round.length - 1] ?? 0;

    const figure = input('fm-delphi-figure', { inputmode: 'decimal', value: fin(v.my_figure) ? String(v.my_figure) : '' });
    const reason = h('textarea', { class: 'input', rows: 2, maxlength: 2000, 'data-testid': 'fm-delphi-reason' });
    reason.value = v.my_reason ?? '';
    const aStatus = statusEl('fm-delphi-answer-status');
    const aSubmit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'fm-delphi-answer-submit' }, t('fm.delphi.answerSubmit'));
    const answerForm = h(
      'form',
      {
        class: 'fc-form',
        'data-testid': 'fm-delphi-answer-form',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          const f = parseNumber(figure.value);
          if (!fin(f)) return setStatus(aStatus, 'error', t('fc.form.fieldError', { field: t('fm.delphi.figure'), detail: t('fm.err.number') }));
          saveOnce(
            aSubmit,
            aStatus,
            () => request<DelphiView>('POST', `/forecast/delphi/${encodeURIComponent(id)}/answer`, { body: { figure: f, reason: reason.value.trim() } }),
            (nv) => show(nv, cur, t('fm.delphi.answered', { figure: number(f) })),
          );
        },
      },
      h('p', { class: 'hint' }, t('fm.delphi.answerHint', { round: s.round })),
      fin(v.my_figure) ? h('p', { class: 'form-status ok', 'data-testid': 'fm-delphi-mine', 'data-value': String(v.my_figure) }, t('fm.delphi.yourAnswer', { figure: number(v.my_figure), reason: v.my_reason || '—' })) : null,
      h('div', { class: 'form-grid' }, field(t('fm.delphi.figure'), figure), field(t('fm.delphi.reason'), reason)),
      h('div', { class: 'form-actions' }, aSubmit),
      aStatus,
    );

    const nStatus = statusEl('fm-delphi-next-status');
    const nButton = h('button', { class: 'btn btn-secondary', type: 'button', 'data-testid': 'fm-delphi-next' }, t('fm.delphi.next'));
    nButton.addEventListener('click', () =>
      saveOnce(
        nButton,
        nStatus,
        () => request<DelphiView>('POST', `/forecast/delphi/${encodeURIComponent(id)}/next`),
        (nv) => show(nv, cur, nv.status === 'open' ? t('fm.delphi.nextOpened', { round: nv.study.round }) : t('fm.delphi.closed')),
      ),
    );

    const reasonsOf = (r: DelphiRound) =>
      h(
        'div',
        { class: 'grid grid-3 fm-reasons', 'data-testid': 'fm-delphi-reasons' },
        (['below', 'at', 'above'] as const).map((pos) => {
          const list = r.reasons.filter((x) => x.position === pos && x.text);
          return h('div', { 'data-position': pos }, h('h3', null, t(`fm.delphi.pos.${pos}` as MessageKey)), list.length ? h('ul', null, list.map((x) => h('li', null, x.text))) : h('p', { class: 'muted' }, '—'));
        }),
      );

    mount(
      box,
      flash ? h('div', { class: 'form-status ok', role: 'status', 'data-testid': 'fm-delphi-flash' }, flash) : null,
      card(
        s.question,
        [
          kpiRow(
            kpi('fm-delphi-status', t('fm.delphi.status'), null, tDyn('fm.delphi.st', s.status), open ? t('fm.delphi.roundOf', { round: s.round, max: s.max_rounds }) : v.converged ? t('fm.delphi.convergedYes') : t('fm.delphi.convergedNo')),
            kpi('fm-delphi-answers', t('fm.delphi.answersNow'), answered, open ? String(answered) : '—', t('fm.delphi.minAnswers')),
            kpi('fm-delphi-last-median', t('fm.delphi.median'), last?.median, last ? money(last.median, cur) : '—', last ? t('fm.delphi.roundN', { n: last.round }) : t('fm.delphi.noRounds')),
            kpi('fm-delphi-spread', t('fm.delphi.relIqr'), last?.relative_iqr, last ? percent(last.relative_iqr) : '—', t('fm.delphi.threshold') + ' ' + percent(s.threshold)),
          ),
          h('p', { class: 'hint' }, t('fm.delphi.studyHint', { period: s.period, scope: s.scope_user_id ? scopeName(env, `user:${s.scope_user_id}`) : t('fc.level.org') })),
        ],
        { testid: 'fm-delphi-head' },
      ),
      v.rounds.length
        ? card(
            t('fm.delphi.rounds'),
            [
              chartBox,
              table(
                'fm-delphi-rounds',
                [th(t('fm.delphi.round')), th(t('fm.delphi.n'), true), th(t('fm.delphi.median'), true), th(t('fm.delphi.q1'), true), th(t('fm.delphi.q3'), true), th(t('fm.delphi.relIqr'), true), th(t('fm.delphi.range'), true)],
                v.rounds.map((r) =>
                  h('tr', { 'data-testid': 'fm-delphi-round', 'data-round': String(r.round) }, h('td', null, t('fm.delphi.roundN', { n: r.round }), r.converged ? h('span', { class: 'chip' }, t('fm.delphi.convergedChip')) : null), numCell(r.n, String(r.n)), numCell(r.median, money(r.median, cur), { 'data-testid': 'fm-delphi-median' }), numCell(r.q1, money(r.q1, cur)), numCell(r.q3, money(r.q3, cur)), numCell(r.relative_iqr, percent(r.relative_iqr)), h('td', { class: 'num' }, `${money(r.min, cur)} – ${money(r.max, cur)}`)),
                ),
              ),
              h('h3', null, t('fm.delphi.reasons', { n: last.round })),
              reasonsOf(last),
            ],
            { testid: 'fm-delphi-rounds-card' },
          )
        : card(null, empty(t('fm.delphi.noRounds'))),
      open ? card(t('fm.delphi.answerTitle', { round: s.round }), answerForm, { testid: 'fm-delphi-answer-card' }) : null,
      open && v.moderator ? card(t('fm.delphi.moderate'), [h('p', { class: 'hint' }, t('fm.delphi.nextHint')), nButton, nStatus], { testid: 'fm-delphi-moderate' }) : open ? h('p', { class: 'hint' }, t('fm.delphi.notModerator')) : null,
      !open && fin(v.consensus)
        ? card(
            t('fm.delphi.consensus', { amount: money(v.consensus, cur) }),
            keepBox(env, 'delphi', () => ({ amount: v.consensus as number, lo80: last?.q1, hi80: last?.q3, note: s.question }), {
              scope: s.scope_user_id ? `user:${s.scope_user_id}` : 'org',
              period: s.period,
              fixed: true,
            }),
            { testid: 'fm-delphi-keep' },
          )
        : null,
    );
    if (v.rounds.length) env.charts.push(mountChart(chartBox, delphiOption(v.rounds)));
  }
  void load();
}
