// 登录: e-mail and password; shows the server's problem detail, and a plain message for 429.
import { api, ApiError, type Me } from '../api';
import { errorText } from '../components/ui';
import { h, mount } from '../dom';
import { t } from '../i18n';
import { languageSwitch } from '../shell';

function failure(err: unknown): string {
  if (err instanceof ApiError && err.status === 429) {
    return err.retryAfter ? t('signin.throttledRetry', { seconds: err.retryAfter }) : t('signin.throttled');
  }
  if (err instanceof ApiError && err.status !== 0) {
    const reason = err.problem.detail || err.problem.title;
    return reason ? t('signin.failedReason', { reason }) : t('signin.failed');
  }
  return errorText(err);
}

export function signinPage(el: HTMLElement, onSignedIn: (me: Me) => void): void {
  const email = h('input', { class: 'input', type: 'email', id: 'signin-email', name: 'email', autocomplete: 'username', required: true, autofocus: true, 'data-testid': 'signin-email' });
  const password = h('input', { class: 'input', type: 'password', id: 'signin-password', name: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'signin-password' });
  const submit = h('button', { class: 'btn btn-primary btn-block', type: 'submit', 'data-testid': 'signin-submit' }, t('signin.submit'));
  const error = h('div', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'signin-error' });

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    submit.disabled = true;
    submit.textContent = t('signin.submitting');
    error.hidden = true;
    try {
      const me = await api.signIn(email.value.trim(), password.value);
      onSignedIn(me);
    } catch (err) {
      error.textContent = failure(err);
      error.hidden = false;
      password.select();
    } finally {
      submit.disabled = false;
      submit.textContent = t('signin.submit');
    }
  };

  mount(
    el,
    h(
      'div',
      { class: 'signin', 'data-testid': 'signin' },
      h(
        'aside',
        { class: 'signin-hero' },
        h('div', { class: 'brand brand-light' }, h('span', { class: 'brand-mark' }, 'sd'), h('span', null, t('app.name'))),
        h('div', null, h('h2', null, t('signin.hero.title')), h('p', null, t('signin.hero.text'))),
        h('p', { class: 'signin-tagline' }, t('app.tagline')),
      ),
      h(
        'main',
        { class: 'signin-main' },
        h('div', { class: 'signin-lang' }, languageSwitch()),
        h(
          'form',
          { class: 'signin-card', onsubmit: (e: Event) => void onSubmit(e), novalidate: false },
          h('h1', null, t('signin.title')),
          h('p', { class: 'muted' }, t('signin.subtitle')),
          h('div', { class: 'form-row' }, h('label', { for: 'signin-email' }, t('signin.email')), email),
          h('div', { class: 'form-row' }, h('label', { for: 'signin-password' }, t('signin.password')), password),
          error,
          submit,
        ),
      ),
    ),
  );
  email.focus();
}
