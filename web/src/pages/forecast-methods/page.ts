// 其他预测方法 (#/forecast/methods/<name>): the guide's other forecasting methods beside
// the forecast sheet — executive opinion, sales-force composite, test market, buyer-
// intention survey, Delphi, market factor (and buying power) and the econometric model.
// This is the page frame: the tab bar (shared with the sheet) and the screen per method, each
// in its own module of this folder; helpers are in ./shared, "keep as forecast" in ./keep.
import { api } from '../../api';
import { empty, errorBox, loading, pageHeader } from '../../components/ui';
import { h, mount } from '../../dom';
import { t, type MessageKey } from '../../i18n';
import { replaceQuery, type RouteContext } from '../../router';
import { currentUser } from '../../session';
import { compositeScreen } from './composite';
import { delphiScreen } from './delphi';
import { econometricScreen } from './econometric';
import { marketFactorScreen } from './market-factor';
import { opinionScreen } from './opinion';
import { type Env } from './shared';
import { surveyScreen } from './survey';
import { testMarketScreen } from './test-market';

/** The methods, in tab order; each is a route `#/forecast/methods/<method>`. */
export const METHODS = ['opinion', 'composite', 'test-market', 'survey', 'delphi', 'market-factor', 'econometric'] as const;
type Method = (typeof METHODS)[number];

/** The tab bar under the forecast page's header: the sheet first, then every method. */
export function methodTabs(active: string): HTMLElement {
  const items: [string, string, MessageKey][] = [
    ['sheet', '#/forecast', 'fm.tab.sheet'],
    ...METHODS.map((m) => [m, `#/forecast/methods/${m}`, `fm.tab.${m}` as MessageKey] as [string, string, MessageKey]),
  ];
  return h(
    'nav',
    { class: 'tabs fm-tabs', role: 'tablist', 'data-testid': 'fm-tabs' },
    items.map(([id, href, label]) =>
      h('a', { class: `tab ${id === active ? 'active' : ''}`, role: 'tab', 'aria-selected': id === active ? 'true' : 'false', href, 'data-testid': `fm-tab-${id}` }, t(label)),
    ),
  );
}

/** The screen of each method: fills `el` for the page's environment. */
const SCREENS: Record<Method, (el: HTMLElement, env: Env) => void> = {
  opinion: opinionScreen,
  composite: compositeScreen,
  'test-market': testMarketScreen,
  survey: surveyScreen,
  delphi: delphiScreen,
  'market-factor': marketFactorScreen,
  econometric: econometricScreen,
};

/**
 * The page: header, tab bar and the screen of `ctx.params.method` once the user's scopes are in
 * (root `data-testid="forecast-methods"`, `data-method`, `data-state` loading → ready, or
 * not-found for an unknown method, or error with a retry). The cleanup disposes the charts.
 */
export function forecastMethodsPage(el: HTMLElement, ctx: RouteContext): () => void {
  const method = ctx.params.method as Method;
  const known = (METHODS as readonly string[]).includes(method);
  const content = h('div', { class: 'dashboard-body forecast-body' });
  const root = h(
    'div',
    { class: 'page forecast-methods', 'data-testid': 'forecast-methods', 'data-method': method, 'data-state': 'loading' },
    pageHeader(t('fc.title'), known ? t(`fm.sub.${method}` as MessageKey) : ''),
    methodTabs(known ? method : ''),
    content,
  );
  mount(el, root);
  const env: Env = { me: currentUser(), scopes: [], query: new URLSearchParams(ctx.query), charts: [], save: (q) => replaceQuery(q) };
  if (!known) {
    root.dataset.state = 'not-found';
    mount(content, empty(t('page.notFound')));
    return () => undefined;
  }
  let alive = true;
  mount(content, loading());
  const start = async () => {
    try {
      env.scopes = await api.forecastScopes();
    } catch (err) {
      if (!alive) return;
      root.dataset.state = 'error';
      mount(content, errorBox(err, () => void start()));
      return;
    }
    if (!alive) return;
    root.dataset.state = 'ready';
    SCREENS[method](content, env);
  };
  void start();
  return () => {
    alive = false;
    env.charts.forEach((c) => c.dispose());
  };
}

