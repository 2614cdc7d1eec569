// Modules whose engines are not built yet: what each will do, from the guide. No figures.
import { pageHeader } from '../components/ui';
import { h, mount } from '../dom';
import { t, type MessageKey } from '../i18n';

export type PlannedModule = 'delegation' | 'meetings' | 'time';

export function plannedPage(module: PlannedModule) {
  return (el: HTMLElement) => {
    const k = (suffix: string) => `${module}.${suffix}` as MessageKey;
    mount(
      el,
      h(
        'div',
        { class: 'page', 'data-testid': `planned-${module}` },
        pageHeader(t(k('title')), t(k('summary')), h('span', { class: 'badge badge-amber badge-lg' }, t('soon.badge'))),
        h(
          'section',
          { class: 'card' },
          h('div', { class: 'card-head' }, h('h2', null, t('soon.planned'))),
          h('div', { class: 'card-body' }, h('ol', { class: 'planned-list' }, [1, 2, 3, 4, 5].map((i) => h('li', null, t(k(`item${i}`)))))),
        ),
        h('div', { class: 'notice' }, h('p', null, t('soon.note')), h('p', { class: 'muted' }, t('soon.guide', { chapter: t(k('chapter')) }))),
      ),
    );
  };
}
