// 导入导出: upload a CSV for one kind (POST /imports/{kind}) with upload progress and the
// per-row problems of a 422; download any kind as CSV (GET /exports/{kind}).
import { ApiError, api, importCsv, type ImportRowError } from '../api';
import { card, errorText, pageHeader } from '../components/ui';
import { h, icon, mount } from '../dom';
import { bytes, number, percent } from '../format';
import { sentences, t, tDyn } from '../i18n';

export const KINDS = ['teams', 'users', 'rep_profiles', 'accounts', 'contacts', 'products', 'opportunities', 'sales', 'quotas', 'activities'];

const UPLOAD_ICON = ['M12 16V4', 'M7 9l5-5 5 5', 'M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3'];
const DOWNLOAD_ICON = ['M12 4v12', 'M7 11l5 5 5-5', 'M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3'];

function errorsTable(errors: ImportRowError[]): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap errors-wrap' },
    h(
      'table',
      { class: 'table table-compact', 'data-testid': 'import-errors' },
      h('thead', null, h('tr', null, h('th', { class: 'num' }, t('io.col.line')), h('th', null, t('io.col.column')), h('th', null, t('io.col.reason')))),
      h(
        'tbody',
        null,
        errors.map((e) => h('tr', null, h('td', { class: 'num' }, String(e.line)), h('td', null, h('span', { class: 'mono' }, e.column || '—')), h('td', null, e.reason))),
      ),
    ),
  );
}

function importCard(): HTMLElement {
  let file: File | null = null;
  const kind = h('select', { class: 'input', id: 'import-kind', 'data-testid': 'import-kind' }, KINDS.map((k) => h('option', { value: k }, tDyn('kind', k))));
  const input = h('input', { type: 'file', accept: '.csv,text/csv', class: 'visually-hidden', id: 'import-file', 'data-testid': 'import-file' });
  const fileLabel = h('span', { class: 'drop-text' }, t('io.import.drop'));
  const drop = h('label', { class: 'drop', for: 'import-file' }, icon(UPLOAD_ICON, 28), fileLabel);
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', disabled: true, 'data-testid': 'import-submit' }, t('io.import.submit'));
  const progress = h('progress', { class: 'progress', max: 1, value: 0, hidden: true, 'data-testid': 'import-progress' });
  const status = h('div', { class: 'import-status', 'aria-live': 'polite', 'data-testid': 'import-status' });
  const result = h('div', { class: 'import-result' });

  const choose = (f: File | null | undefined) => {
    file = f ?? null;
    fileLabel.textContent = file ? t('io.import.selected', { name: file.name, size: bytes(file.size) }) : t('io.import.drop');
    drop.classList.toggle('has-file', !!file);
    submit.disabled = !file;
    result.replaceChildren();
    status.textContent = '';
  };
  input.addEventListener('change', () => choose(input.files?.[0]));
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    choose(e.dataTransfer?.files?.[0]);
  });

  const run = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    submit.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    result.replaceChildren();
    status.className = 'import-status';
    status.textContent = t('io.import.uploading', { percent: percent(0, 0) });
    try {
      const reply = await importCsv(kind.value, file, (f) => {
        progress.value = f;
        status.textContent = f >= 1 ? t('io.import.processing') : t('io.import.uploading', { percent: percent(f, 0) });
      });
      status.className = 'import-status ok';
      status.textContent = t('io.import.done', { rows: number(reply.rows, 0), inserted: number(reply.inserted, 0), updated: number(reply.updated, 0) });
    } catch (err) {
      status.className = 'import-status bad';
      const errors = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      if (errors.length) {
        status.textContent = sentences(t('io.import.failed'), t('io.import.rowErrors', { count: number(errors.length, 0) }));
        mount(result, errorsTable(errors));
      } else if (err instanceof ApiError && err.status === 413) {
        status.textContent = sentences(t('io.import.failed'), t('io.import.tooLarge'));
      } else {
        status.textContent = sentences(t('io.import.failed'), errorText(err));
      }
    } finally {
      progress.hidden = true;
      submit.disabled = !file;
    }
  };

  return card(
    t('io.import.title'),
    h(
      'form',
      { class: 'import-form', onsubmit: (e: Event) => void run(e), 'data-testid': 'import-form' },
      h('div', { class: 'form-row' }, h('label', { for: 'import-kind' }, t('io.import.kind')), kind),
      input,
      drop,
      h('p', { class: 'hint' }, t('io.import.hint')),
      h('div', { class: 'form-actions' }, submit, progress),
      status,
      result,
    ),
  );
}

function exportCard(): HTMLElement {
  return card(
    t('io.export.title'),
    [
      h('p', { class: 'hint' }, t('io.export.hint')),
      h(
        'ul',
        { class: 'export-list' },
        KINDS.map((k) =>
          h(
            'li',
            null,
            h('span', null, tDyn('kind', k)),
            h('a', { class: 'btn btn-secondary btn-sm', href: api.exportUrl(k), download: `${k}.csv`, 'data-testid': `export-${k}` }, icon(DOWNLOAD_ICON, 14), t('io.export.download')),
          ),
        ),
      ),
    ],
  );
}

export function importExportPage(el: HTMLElement) {
  mount(el, h('div', { class: 'page' }, pageHeader(t('io.title'), t('io.subtitle')), h('div', { class: 'grid grid-2-1 grid-top' }, importCard(), exportCard())));
}
