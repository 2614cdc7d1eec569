// 购买者意向调查法 (#/forecast/methods/survey): buyer-intention answers on a five-point or
// Juster scale turned into a purchase rate and expected buyers (POST /forecast/survey).
import { request } from '../../api';
import { mountChart } from '../../charts';
import { card } from '../../components/ui';
import { h, mount } from '../../dom';
import { countsOption } from '../../method-charts';
import { number, percent } from '../../format';
import { t, type MessageKey } from '../../i18n';
import { keepBox } from './keep';
import { type Env, kpiRow, computeForm, field, fin, input, InputError, kpi, need, parseNumber, pasteCsv, statusEl } from './shared';

interface Survey {
  scale: string;
  low: number;
  high: number;
  probabilities: number[];
  respondents: number;
  counts: number[];
  purchase_rate: number;
  expected_buyers: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}
const SCALES: Record<'five' | 'juster', { low: number; p: number[] }> = {
  five: { low: 1, p: [0.01, 0.05, 0.1, 0.3, 0.7] },
  juster: { low: 0, p: [0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99] },
};

/** Answers typed one per line or separated by commas/spaces; a CSV's header line is skipped. */
export function parseAnswers(text: string): { answers: number[]; bad: string[] } {
  const tokens = text.split(/[\s,;，、]+/).filter(Boolean);
  const answers: number[] = [];
  const bad: string[] = [];
  tokens.forEach((tok, i) => {
    const n = Number(tok.replace(/^"(.*)"$/, '$1'));
    if (Number.isInteger(n)) answers.push(n);
    else if (!(i === 0 && /[a-z\u4e00-\u9fff]/i.test(tok))) bad.push(tok);
  });
  return { answers, bad };
}

/**
 * The survey screen: the scale and its purchase probability per answer, the answers (pasted or
 * from a CSV), market size and adjustment; the purchase rate, expected buyers with intervals and
 * the answer counts; kept as a survey forecast at a value per buyer.
 */
export function surveyScreen(el: HTMLElement, env: Env): void {
  let scale: 'five' | 'juster' = env.query.get('scale') === 'juster' ? 'juster' : 'five';
  const probBox = h('div', { class: 'fm-probs', 'data-testid': 'fm-sv-probs' });
  const renderProbs = () =>
    mount(
      probBox,
      SCALES[scale].p.map((p, i) =>
        h('label', { class: 'fm-prob' }, h('span', null, t(scale === 'five' ? (`fm.sv.five.${i + 1}` as MessageKey) : 'fm.sv.point'
          , { n: i + SCALES[scale].low })), h('input', { class: 'input input-sm', inputmode: 'decimal', value: String(p), 'data-testid': `fm-sv-prob-${i + SCALES[scale].low}` })),
      ),
    );
  renderProbs();
  const scaleSel = h(
    'select',
    { class: 'input', 'data-testid': 'fm-sv-scale', onchange: () => { scale = scaleSel.value as 'five' | 'juster'; renderProbs(); const q = new URLSearchParams(env.query); q.set('scale', scale); env.save(q); } },
    h('option', { value: 'five' }, t('fm.sv.scale.five')),
    h('option', { value: 'juster' }, t('fm.sv.scale.juster')),
  );
  scaleSel.value = scale;
  const size = input('fm-sv-size', { inputmode: 'numeric' });
  const adj = input('fm-sv-adjustment', { inputmode: 'decimal', value: '1' });
  const status = statusEl('fm-sv-status');
  const { text: answers, block: answersBlock } = pasteCsv({ testid: 'fm-sv-answers', fileTestid: 'fm-sv-file', label: t('fm.sv.answers'), hint: t('fm.sv.answersHint'), rows: 6, placeholder: t('fm.sv.answersPh'), status });
  const out = h('div', { class: 'stack', 'data-testid': 'fm-sv-result' });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'fm-sv-submit' }, t('fm.compute'));
  let last: Survey | null = null;
  const form = computeForm(
    { submit, status, testid: 'fm-sv-form' },
    () => {
      const probs = [...probBox.querySelectorAll('input')].map((x) => parseNumber(x.value));
      need(probs.every((p) => fin(p) && p >= 0 && p <= 1), t('fm.sv.probs'), t('fm.sv.badProb'));
      const { answers: a, bad } = parseAnswers(answers.value);
      need(bad.length === 0, t('fm.sv.answers'), t('fm.sv.badAnswers', { list: bad.slice(0, 5).join(', ') }));
      need(a.length > 0, t('fm.sv.answers'), t('fm.sv.noAnswers'));
      const lo = SCALES[scale].low;
      const hi = lo + SCALES[scale].p.length - 1;
      const out = a.filter((x) => x < lo || x > hi);
      need(out.length === 0, t('fm.sv.answers'), t('fm.sv.outOfScale', { low: lo, high: hi, list: out.slice(0, 5).join(', ') }));
      const n = parseNumber(size.value);
      need(fin(n) && n > 0, t('fm.sv.size'), t('fm.err.positive'));
      const k = parseNumber(adj.value);
      need(fin(k) && k > 0, t('fm.sv.adjustment'), t('fm.err.positive'));
      return { scale, probabilities: probs, answers: a, market_size: n, adjustment: k };
    },
    async (b) => {
      const r = await request<Survey>('POST', '/forecast/survey', { body: b });
      last = r;
      show(r);
    },
    h('p', { class: 'hint' }, t('fm.sv.hint')),
    field(t('fm.sv.scale'), scaleSel),
    h('div', { class: 'form-row' }, h('span', null, t('fm.sv.probs')), probBox),
    answersBlock,
    h('div', { class: 'form-grid' }, field(t('fm.sv.size'), size, t('fm.sv.sizeHint')), field(t('fm.sv.adjustment'), adj, t('fm.sv.adjustmentHint'))),
    h('div', { class: 'form-actions' }, submit),
    status,
  );
  mount(el, h('div', { class: 'grid grid-1-1' }, card(t('fm.sv.title'), form, { testid: 'fm-sv-card' }), out));

  function show(r: Survey): void {
    const chartBox = h('div', { class: 'chart', style: 'height:220px', 'data-testid': 'fm-sv-chart' });
    const perBuyer = input('fm-sv-per-buyer', { inputmode: 'decimal', value: '1' });
    const labels = r.counts.map((_, i) => String(r.low + i));
    mount(
      out,
      card(
        t('fm.result'),
        [
          kpiRow(
            kpi('fm-sv-respondents', t('fm.sv.respondents'), r.respondents, number(r.respondents, 0)),
            kpi('fm-sv-rate', t('fm.sv.rate'), r.purchase_rate, percent(r.purchase_rate, 2)),
            kpi('fm-sv-buyers', t('fm.sv.buyers'), r.expected_buyers, number(r.expected_buyers, 0)),
            kpi('fm-sv-i95', t('fc.chart.band95'), r.lo95, `${number(r.lo95, 0)} – ${number(r.hi95, 0)}`, `${t('fc.chart.band80')}: ${number(r.lo80, 0)} – ${number(r.hi80, 0)}`),
          ),
          chartBox,
          h('div', { class: 'chips', 'data-testid': 'fm-sv-counts' }, r.counts.map((c, i) => h('span', { class: 'chip', 'data-point': labels[i], 'data-value': String(c) }, `${labels[i]}: ${c}`))),
          keepBox(
            env,
            'survey',
            () => {
              if (!last) throw new InputError(t('fm.keep.computeFirst'));
              const v = parseNumber(perBuyer.value);
              need(fin(v) && v > 0, t('fm.sv.perBuyer'), t('fm.err.positive'));
              return { amount: last.expected_buyers * v, lo80: last.lo80 * v, hi80: last.hi80 * v, lo95: last.lo95 * v, hi95: last.hi95 * v, note: t('fm.sv.note', { n: last.respondents, buyers: number(last.expected_buyers, 0) }) };
            },
            { extra: field(t('fm.sv.perBuyer'), perBuyer, t('fm.sv.perBuyerHint')) },
          ),
        ],
        { testid: 'fm-sv-result-card' },
      ),
    );
    env.charts.push(mountChart(chartBox, countsOption(labels, r.counts)));
  }
}
