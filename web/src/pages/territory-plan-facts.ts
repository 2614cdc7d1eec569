// The figures beside a territory plan's phases (GET /territories/facts): a sales sparkline,
// growth, top customers and prospects, lost-deal reasons, conversion rate and pipeline.
import { errorText } from '../components/ui';
import { h, type Child } from '../dom';
import { date, moneyCompact, month, percent } from '../format';
import { t } from '../i18n';

/** GET /territories/facts?scope=user:<rep> (docs/api.md "Territories"). */
export interface Facts {
  currency: string;
  from: string;
  to: string;
  monthly: { month: string; sales: number }[];
  last_12: number;
  previous_12: number;
  growth: number | null;
  top_customers: { external_id: string; name: string; sales: number }[];
  prospects: { external_id: string; name: string; potential: number }[];
  lost_reasons: { reason: string; deals: number }[];
  won: number;
  lost: number;
  conversion_rate: number | null;
  open_deals: number;
  pipeline: number;
  weighted_pipeline: number;
}

const fin = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function signedPercent(v: number | null | undefined): string {
  if (!fin(v)) return '—';
  return (v > 0 ? '+' : '') + percent(v, 1);
}

/** A 24-month sales line as a small SVG (newest month last). */
function sparkline(points: { month: string; sales: number }[]): SVGSVGElement {
  const W = 260;
  const H = 56;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'tp-spark');
  svg.setAttribute('role', 'img');
  svg.setAttribute('data-testid', 'tp-spark');
  svg.setAttribute('data-points', String(points.length));
  const vals = points.map((p) => p.sales);
  if (vals.length < 2) return svg;
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const span = hi - lo || 1;
  const xy = vals.map((v, i) => [(i / (vals.length - 1)) * (W - 4) + 2, H - 4 - ((v - lo) / span) * (H - 8)]);
  const half = Math.floor(vals.length / 2);
  const line = (from: number, to: number, cls: string) => {
    const p = document.createElementNS(ns, 'polyline');
    p.setAttribute('points', xy.slice(from, to).map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '));
    p.setAttribute('class', cls);
    svg.appendChild(p);
  };
  line(0, half + 1, 'tp-spark-prev');
  line(half, vals.length, 'tp-spark-last');
  const title = document.createElementNS(ns, 'title');
  title.textContent = `${month(points[0].month)} – ${month(points[points.length - 1].month)}`;
  svg.appendChild(title);
  return svg;
}

function fact(testid: string, label: string, shown: string, raw: number | null | undefined, tone = ''): HTMLElement {
  return h(
    'div',
    { class: `tp-fact ${tone}`, 'data-testid': testid, 'data-value': fin(raw) ? String(raw) : '' },
    h('span', { class: 'tp-fact-label' }, label),
    h('span', { class: 'tp-fact-value' }, shown),
  );
}

/**
 * The territory's numbers beside a phase's questions: sales trend, growth, top customers and
 * prospects (phase 1), lost-deal reasons (2), conversion rate and pipeline (5); null for the
 * other phases. When the facts could not be loaded, phase 1 says why.
 */
export function factsAside(phase: number, facts: Facts | null, factsError: unknown): Child {
  if (factsError) return phase === 1 ? h('p', { class: 'form-error' }, t('tp.facts.error', { detail: errorText(factsError) })) : null;
  if (!facts) return null;
  const f = facts;
  const c = f.currency;
  if (phase === 1) {
    const growthTone = fin(f.growth) ? (f.growth >= 0 ? 'good' : 'bad') : '';
    return [
      h('div', { class: 'tp-facts-head' }, t('tp.facts.period', { from: date(f.from), to: date(f.to) })),
      sparkline(f.monthly ?? []),
      h('div', { class: 'tp-fact-row' }, fact('tp-fact-last12', t('tp.facts.last12'), moneyCompact(f.last_12, c), f.last_12), fact('tp-fact-growth', t('tp.facts.growth'), signedPercent(f.growth), f.growth, growthTone)),
      h('h4', null, t('tp.facts.topCustomers')),
      f.top_customers.length
        ? h('ol', { class: 'tp-rank', 'data-testid': 'tp-top-customers' }, f.top_customers.slice(0, 5).map((x) => h('li', { 'data-testid': 'tp-top-customer' }, h('span', { class: 'tp-rank-name' }, x.name), h('span', { class: 'num' }, moneyCompact(x.sales, c)))))
        : h('p', { class: 'hint' }, t('tp.facts.none')),
      h('h4', null, t('tp.facts.prospects')),
      f.prospects.length
        ? h('ol', { class: 'tp-rank', 'data-testid': 'tp-prospects' }, f.prospects.slice(0, 5).map((x) => h('li', null, h('span', { class: 'tp-rank-name' }, x.name), h('span', { class: 'num', title: t('tp.facts.potential') }, moneyCompact(x.potential, c)))))
        : h('p', { class: 'hint' }, t('tp.facts.none')),
    ];
  }
  if (phase === 2) {
    return [
      h('h4', null, t('tp.facts.lostReasons', { n: f.lost })),
      f.lost_reasons.length
        ? h('ul', { class: 'tp-rank', 'data-testid': 'tp-lost-reasons' }, f.lost_reasons.map((x) => h('li', null, h('span', { class: 'tp-rank-name' }, x.reason || t('tp.facts.noReason')), h('span', { class: 'num' }, t('tp.facts.deals', { n: x.deals })))))
        : h('p', { class: 'hint' }, t('tp.facts.noLost')),
    ];
  }
  if (phase === 5) {
    return [
      h(
        'div',
        { class: 'tp-fact-row' },
        fact('tp-fact-conversion', t('tp.facts.conversion'), percent(f.conversion_rate, 1), f.conversion_rate),
        fact('tp-fact-wonlost', t('tp.facts.wonLost'), t('tp.facts.wonLostValue', { won: f.won, lost: f.lost }), null),
      ),
      h(
        'div',
        { class: 'tp-fact-row' },
        fact('tp-fact-pipeline', t('tp.facts.pipeline', { n: f.open_deals }), moneyCompact(f.pipeline, c), f.pipeline),
        fact('tp-fact-weighted', t('tp.facts.weighted'), moneyCompact(f.weighted_pipeline, c), f.weighted_pipeline),
      ),
      h('p', { class: 'hint' }, t('tp.facts.conversionHint')),
    ];
  }
  return null;
}
