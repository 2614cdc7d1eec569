// Start-up: restore the session, then route. Signed-out users only see the sign-in page;
// any 401 later brings them back to it. A language switch re-renders everything.
import './styles.css';
import { setUnauthorizedHandler } from './api';
import { h, mount } from './dom';
import { onLocaleChange, t } from './i18n';
import { accountsPage } from './pages/accounts';
import { adminPage } from './pages/admin';
import { dashboardPage } from './pages/dashboard';
import { forecastPage } from './pages/forecast';
import { forecastMethodsPage } from './pages/forecast-methods/page';
import { importExportPage } from './pages/import-export';
import { opportunitiesPage } from './pages/opportunities';
import { opportunityPage } from './pages/opportunity';
import { plannedPage } from './pages/planned';
import { salesPage } from './pages/sales';
import { signinPage } from './pages/signin';
import { teamPage } from './pages/team';
import { territoriesPage } from './pages/territories/page';
import { territoryPlansPage } from './pages/territory-plans';
import { match, route, type Cleanup } from './router';
import { currentUser, forget, restoreSession, signedIn, signOut } from './session';
import { buildShell, mountShell, type Shell } from './shell';
import { loading } from './components/ui';

route('/dashboard', 'dashboard', dashboardPage);
route('/team', 'team', teamPage);
route('/accounts', 'accounts', accountsPage);
route('/opportunities', 'opportunities', opportunitiesPage);
route('/opportunities/:id', 'opportunities', opportunityPage);
route('/sales', 'sales', salesPage);
route('/forecast', 'forecast', forecastPage);
route('/forecast/methods/:method', 'forecast', forecastMethodsPage);
route('/territories', 'territories', territoriesPage);
route('/territories/plans', 'territories', territoryPlansPage);
route('/delegation', 'delegation', plannedPage('delegation'));
route('/meetings', 'meetings', plannedPage('meetings'));
route('/time', 'time', plannedPage('time'));
route('/import-export', 'import-export', importExportPage);
route('/admin', 'admin', adminPage);

const app = document.getElementById('app')!;
let shell: Shell | null = null;
let cleanup: Cleanup | null = null;
let renderSeq = 0;

function showSignin(): void {
  cleanup?.();
  cleanup = null;
  shell = null;
  document.title = `${t('signin.title')} · ${t('app.name')}`;
  signinPage(app, (me) => {
    signedIn(me);
    const target = location.hash.replace(/^#/, '');
    if (!target || target === '/' || target.startsWith('/signin')) location.hash = '/dashboard';
    else void render();
  });
}

async function render(): Promise<void> {
  const me = currentUser();
  if (!me) return showSignin();
  const m = match();
  if (!m) {
    if (!location.hash || location.hash === '#' || location.hash === '#/' || location.hash.startsWith('#/signin')) {
      location.replace('#/dashboard');
      return;
    }
  }
  if (!shell) {
    shell = buildShell(me, () => {
      void signOut().then(() => {
        history.replaceState(null, '', '#/signin');
        showSignin();
      });
    });
    mountShell(app, shell);
  }
  cleanup?.();
  cleanup = null;
  const seq = ++renderSeq;
  shell.setActive(m?.nav ?? '');
  document.body.classList.remove('nav-open');
  if (!m) {
    mount(shell.content, h('div', { class: 'page' }, h('div', { class: 'state state-empty', 'data-testid': 'page-not-found' }, t('page.notFound'))));
    return;
  }
  const result = await m.render(shell.content, m.ctx);
  if (seq !== renderSeq) {
    if (typeof result === 'function') result();
    return;
  }
  cleanup = typeof result === 'function' ? result : null;
  const title = shell.root.querySelector('.nav-link.active .nav-text')?.textContent;
  document.title = title ? `${title} · ${t('app.name')}` : t('app.name');
  shell.content.scrollTop = 0;
}

setUnauthorizedHandler(() => {
  if (!currentUser()) return;
  forget();
  showSignin();
});

window.addEventListener('hashchange', () => void render());
onLocaleChange(() => {
  shell = null;
  void render();
});

mount(app, h('div', { class: 'boot' }, loading()));
void restoreSession().then(() => render());
