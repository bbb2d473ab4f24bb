// @ts-check
// The panel's webview script. Everything it shows comes from the extension and is inserted with
// textContent (never innerHTML): prompts and API errors may contain markup. It can only ask the
// extension to act on a result id and a file index; the extension decides what that means.

/**
 * @typedef {{ label: string, src: string, uri: string, missing: boolean }} FileView
 * @typedef {{ id: string, status: 'running' | 'done' | 'failed' | 'cancelled', kind: 'generate' | 'edit', prompt: string,
 *   model: string, size: string, quality: string, format: string, startedAt: number, durationMs?: number,
 *   files: string[], sources: string[], error?: string, requestId?: string, views: FileView[],
 *   costText?: string, fromText?: string, parentId?: string, partialImages?: number, thread: Array<{ id: string, prompt: string }> }} ResultView
 * @typedef {{ url: string, index: number }} PartialImage
 * @typedef {{ id: string, title: string, items: Array<{ out: string, reason: string, cost: string }>, total: string,
 *   state: 'waiting' | 'running' | 'done', status?: string, failures?: Array<{ out: string, reason: string }> }} PlanView
 */

(function () {
  const vscode = acquireVsCodeApi();
  const DRAG_MIME = 'application/vnd.code.openai-images.image';
  const stringsElement = /** @type {HTMLElement} */ (document.getElementById('strings'));
  /** @type {Record<string, string>} */
  const strings = JSON.parse(stringsElement.dataset.strings || '{}');
  const list = /** @type {HTMLOListElement} */ (document.getElementById('results'));
  const empty = /** @type {HTMLElement} */ (document.getElementById('empty'));
  const clear = /** @type {HTMLButtonElement} */ (document.getElementById('clear'));
  const filter = /** @type {HTMLInputElement} */ (document.getElementById('filter'));
  const count = /** @type {HTMLElement} */ (document.getElementById('count'));
  const planSection = /** @type {HTMLElement} */ (document.getElementById('plan'));

  /** @type {ResultView[]} */
  let items = [];
  /** The newest partial image of each running request, as a blob: URL (no base64 round trip). */
  /** @type {Map<string, PartialImage>} */
  const partials = new Map();

  /** @param {string} key @param {...(string|number)} args */
  function t(key, ...args) {
    return (strings[key] || key).replace(/\{(\d+)\}/g, (whole, index) => String(args[Number(index)] ?? whole));
  }

  /** @param {string} tag @param {string} [className] @param {string} [text] */
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** @param {string} label @param {() => void} onClick @param {string} [action] */
  function button(label, onClick, action) {
    const node = /** @type {HTMLButtonElement} */ (element('button', 'secondary', label));
    node.type = 'button';
    if (action) node.dataset.action = action;
    node.addEventListener('click', onClick);
    return node;
  }

  /** @param {string} type @param {string} resultId @param {number} [fileIndex] */
  function send(type, resultId, fileIndex) {
    vscode.postMessage(fileIndex === undefined ? { type, resultId } : { type, resultId, fileIndex });
  }

  /** @param {ResultView} item */
  function matches(item) {
    const query = filter.value.trim().toLowerCase();
    if (query === '') return true;
    const haystack = [
      item.prompt,
      item.model,
      item.size,
      item.quality,
      item.status,
      item.error || '',
      item.fromText || '',
      ...item.views.map((view) => view.label),
    ]
      .join('\n')
      .toLowerCase();
    return query.split(/\s+/).every((word) => haystack.includes(word));
  }

  /** @param {ResultView} item */
  function renderThread(item) {
    const nav = element('nav', 'thread');
    nav.append(element('span', 'thread-label', t('refinedFrom')));
    for (const step of item.thread) {
      const link = /** @type {HTMLAnchorElement} */ (element('a', 'thread-step', step.prompt.length > 60 ? `${step.prompt.slice(0, 59)}…` : step.prompt));
      link.href = '#';
      link.addEventListener('click', (event) => {
        event.preventDefault();
        const target = list.querySelector(`[data-id="${CSS.escape(step.id)}"]`);
        if (target instanceof HTMLElement) {
          target.scrollIntoView({ block: 'center' });
          target.classList.add('highlight');
          setTimeout(() => target.classList.remove('highlight'), 1200);
        }
      });
      nav.append(link);
    }
    return nav;
  }

  /** @param {ResultView} item @param {FileView} view @param {number} fileIndex */
  function renderFile(item, view, fileIndex) {
    const figure = element('figure', view.missing ? 'image missing' : 'image');
    if (view.missing) {
      figure.append(element('div', 'missing-note', t('missing')));
    } else {
      const image = /** @type {HTMLImageElement} */ (element('img'));
      image.src = view.src;
      image.alt = item.prompt;
      image.loading = 'lazy';
      image.decoding = 'async';
      image.draggable = true;
      image.title = t('dragHint');
      image.addEventListener('click', () => send('open', item.id, fileIndex));
      image.addEventListener('dragstart', (event) => {
        if (!event.dataTransfer) return;
        event.dataTransfer.effectAllowed = 'copy';
        event.dataTransfer.setData(DRAG_MIME, JSON.stringify({ uri: view.uri, prompt: item.prompt }));
        event.dataTransfer.setData('text/plain', view.label);
      });
      figure.append(image);
    }
    const caption = element('figcaption');
    const link = /** @type {HTMLAnchorElement} */ (element('a', 'path', view.label));
    link.href = '#';
    link.addEventListener('click', (event) => {
      event.preventDefault();
      if (!view.missing) send('open', item.id, fileIndex);
    });
    caption.append(link);
    if (!view.missing) {
      const actions = element('div', 'actions');
      actions.append(
        button(t('open'), () => send('open', item.id, fileIndex), 'open'),
        button(t('insert'), () => send('insert', item.id, fileIndex), 'insert'),
        button(t('refine'), () => send('refine', item.id, fileIndex), 'refine'),
      );
      const more = element('details', 'more');
      more.append(element('summary', undefined, t('moreActions')));
      const moreActions = element('div', 'actions');
      moreActions.append(
        button(t('reveal'), () => send('reveal', item.id, fileIndex), 'reveal'),
        button(t('copyPath'), () => send('copyPath', item.id, fileIndex), 'copyPath'),
        button(t('copyMarkdownLink'), () => send('copyMarkdownLink', item.id, fileIndex), 'copyMarkdownLink'),
        button(t('deleteFile'), () => send('deleteFile', item.id, fileIndex), 'deleteFile'),
      );
      more.append(moreActions);
      actions.append(more);
      caption.append(actions);
    }
    figure.append(caption);
    return figure;
  }

  /** @param {ResultView} item */
  function renderItem(item) {
    const li = element('li', `result ${item.status}`);
    li.dataset.id = item.id;
    if (item.thread.length > 0) li.append(renderThread(item));
    li.append(element('p', 'prompt', item.prompt));
    const meta = [item.kind === 'edit' ? t('edit') : t('generate'), item.model, item.size, item.quality, item.format];
    if (item.durationMs !== undefined) meta.push(t('seconds', (item.durationMs / 1000).toFixed(1)));
    if (item.costText) meta.push(item.costText);
    meta.push(new Date(item.startedAt).toLocaleString());
    if (item.fromText) meta.push(item.fromText);
    li.append(element('p', 'meta', meta.join(' · ')));

    if (item.status === 'running') {
      const partial = partials.get(item.id);
      const status = partial ? t('partial', partial.index + 1, item.partialImages || partial.index + 1) : t('running');
      li.append(element('p', 'status', status));
      if (partial) {
        const figure = element('figure', 'image partial');
        const image = /** @type {HTMLImageElement} */ (element('img', 'partial'));
        image.src = partial.url;
        image.alt = item.prompt;
        image.dataset.partialIndex = String(partial.index);
        figure.append(image);
        li.append(figure);
      }
    }
    if (item.status === 'cancelled') li.append(element('p', 'status', item.error || ''));
    if (item.status === 'failed') {
      const error = element('div', 'error');
      error.append(element('strong', undefined, t('failed')), element('span', undefined, ` ${item.error || ''}`));
      if (item.requestId) error.append(element('p', 'meta', `${t('requestId')}: ${item.requestId}`));
      error.append(button(t('showLog'), () => vscode.postMessage({ type: 'showLog' })));
      li.append(error);
    }

    const gallery = element('div', 'files');
    item.views.forEach((view, fileIndex) => gallery.append(renderFile(item, view, fileIndex)));
    li.append(gallery);

    if (item.status !== 'running') {
      const recipe = element('div', 'actions recipe');
      recipe.append(button(t('regenerate'), () => send('regenerate', item.id), 'regenerate'));
      recipe.append(button(t('moreLikeThis'), () => send('moreLikeThis', item.id), 'moreLikeThis'));
      li.append(recipe);
    }
    return li;
  }

  /** @param {PlanView | undefined} plan */
  function renderPlan(plan) {
    planSection.hidden = !plan;
    if (!plan) return planSection.replaceChildren();
    planSection.dataset.state = plan.state;
    planSection.dataset.planId = plan.id;
    const children = [element('h2', undefined, plan.title)];
    const table = element('table', 'plan-items');
    const head = element('tr');
    head.append(element('th', undefined, t('planAsset')), element('th', undefined, t('planReason')), element('th', undefined, t('planCost')));
    table.append(head);
    for (const item of plan.items) {
      const row = element('tr');
      row.append(element('td', 'path', item.out), element('td', undefined, item.reason), element('td', 'cost', item.cost));
      table.append(row);
    }
    children.push(table, element('p', 'plan-total', plan.total));
    if (plan.status) children.push(element('p', 'plan-status', plan.status));
    for (const failure of plan.failures || []) children.push(element('p', 'error', `${failure.out}: ${failure.reason}`));
    const actions = element('div', 'actions');
    if (plan.state === 'waiting') {
      const run = button(t('run'), () => vscode.postMessage({ type: 'runPlan', planId: plan.id }), 'runPlan');
      run.className = '';
      actions.append(run);
    }
    if (plan.state !== 'running') actions.append(button(t('dismiss'), () => vscode.postMessage({ type: 'dismissPlan', planId: plan.id }), 'dismissPlan'));
    children.push(actions);
    planSection.replaceChildren(...children);
  }

  /** @param {unknown} value @returns {value is PlanView | undefined} */
  function isPlan(value) {
    if (value === undefined) return true;
    const plan = /** @type {{ id?: unknown, items?: unknown }} */ (value);
    return !!plan && typeof plan === 'object' && typeof plan.id === 'string' && Array.isArray(plan.items);
  }

  function render() {
    const shown = items.filter(matches);
    list.replaceChildren(...shown.map(renderItem));
    empty.hidden = items.length > 0;
    count.textContent = items.length === 0 ? '' : filter.value.trim() === '' ? t('count', items.length) : t('filtered', shown.length, items.length);
  }

  /** @param {unknown} value @returns {value is ResultView[]} */
  function isItems(value) {
    return (
      Array.isArray(value) &&
      value.every((item) => item && typeof item === 'object' && typeof item.id === 'string' && Array.isArray(item.views) && Array.isArray(item.thread))
    );
  }

  function saveState() {
    vscode.setState({ entries: items, filter: filter.value });
  }

  /** @type {HTMLElement} */ (document.getElementById('title')).textContent = t('title');
  empty.textContent = t('empty');
  clear.textContent = t('clear');
  filter.placeholder = t('filter');
  filter.setAttribute('aria-label', t('filter'));
  clear.addEventListener('click', () => vscode.postMessage({ type: 'clear' }));
  filter.addEventListener('input', () => {
    render();
    saveState();
  });

  // Draw what was shown before a reload at once; the extension sends fresh data after `ready`.
  const saved = /** @type {{ entries?: unknown, filter?: unknown } | undefined} */ (vscode.getState());
  if (saved && typeof saved.filter === 'string') filter.value = saved.filter;
  if (saved && isItems(saved.entries)) items = saved.entries;
  render();

  window.addEventListener('message', (event) => {
    if (event.origin !== window.origin) return;
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'results' && isItems(message.items)) {
      items = message.items;
      for (const [id, partial] of partials) {
        if (!items.some((item) => item.id === id && item.status === 'running')) {
          URL.revokeObjectURL(partial.url);
          partials.delete(id);
        }
      }
      render();
      saveState();
      return;
    }
    if (message.type === 'plan' && isPlan(message.plan)) {
      renderPlan(message.plan);
      return;
    }
    if (message.type === 'partial' && typeof message.resultId === 'string' && message.bytes instanceof Uint8Array && typeof message.index === 'number') {
      const mime = ['image/png', 'image/jpeg', 'image/webp'].includes(message.mime) ? message.mime : 'image/png';
      const previous = partials.get(message.resultId);
      if (previous && previous.index > message.index) return;
      if (previous) URL.revokeObjectURL(previous.url);
      partials.set(message.resultId, { url: URL.createObjectURL(new Blob([message.bytes], { type: mime })), index: message.index });
      render();
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
