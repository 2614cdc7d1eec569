// Hash routing: "#/opportunities/123?sort=-amount" → the page registered for
// "/opportunities/:id" with params {id: "123"} and the query. A page renders into the
// element it is given and may return a cleanup function, called before the next page.

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
}

export type Cleanup = () => void;
export type PageRender = (el: HTMLElement, ctx: RouteContext) => Cleanup | void | Promise<Cleanup | void>;

interface Route {
  pattern: RegExp;
  keys: string[];
  render: PageRender;
  /** The nav entry to highlight. */
  nav: string;
}

const routes: Route[] = [];

/** Registers `path` ("/opportunities/:id"); `nav` names the nav entry it belongs to. */
export function route(path: string, nav: string, render: PageRender): void {
  const keys: string[] = [];
  const source = path.replace(/:(\w+)/g, (_m, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  routes.push({ pattern: new RegExp(`^${source}$`), keys, render, nav });
}

export interface Match {
  render: PageRender;
  nav: string;
  ctx: RouteContext;
}

/** The route for the current location.hash, or null. */
export function match(hash = location.hash): Match | null {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, qs = ''] = raw.split('?', 2);
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])));
    return { render: r.render, nav: r.nav, ctx: { params, query: new URLSearchParams(qs), path } };
  }
  return null;
}

export function navigate(path: string): void {
  if (location.hash === `#${path}`) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = path;
}

/** Rewrites the query of the current hash without a hashchange (list state, tabs). */
export function replaceQuery(query: URLSearchParams): void {
  const path = (location.hash.replace(/^#/, '') || '/').split('?')[0];
  const qs = query.toString();
  history.replaceState(history.state, '', `#${path}${qs ? `?${qs}` : ''}`);
}
