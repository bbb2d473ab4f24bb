// @ts-check
// The panel's webview script. Everything it shows comes from the extension and is inserted with
// textContent (never innerHTML): prompts and API errors may contain markup.

/**
 * @typedef {{ label: string, src: string }} FileView
 * @typedef {{ id: string, status: 'running' | 'done' | 'failed' | 'cancelled', kind: 'generate' | 'edit', prompt: string,
 *   model: string, size: string, quality: string, format: string, startedAt: number, durationMs?: number,
 *   files: string[], sources: string[], error?: string, requestId?: string, views: FileView[],
 *   costText?: string }} ResultView
 */

(function () {
  const vscode = acquireVsCodeApi();
  const stringsElement = /** @type {HTMLElement} */ (document.getElementById('strings'));
  /** @type {Record<string, string>} */
  const strings = JSON.parse(stringsElement.dataset.strings || '{}');
  const list = /** @type {HTMLOListElement} */ (document.getElementById('results'));
  const empty = /** @type {HTMLElement} */ (document.getElementById('empty'));
  const clear = /** @type {HTMLButtonElement} */ (document.getElementById('clear'));

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

  /** @param {string} label @param {() => void} onClick */
  function button(label, onClick) {
    const node = /** @type {HTMLButtonElement} */ (element('button', 'secondary', label));
    node.type = 'button';
    node.addEventListener('click', onClick);
    return node;
  }

  /** @param {ResultView} item */
  function renderItem(item) {
    const li = element('li', `result ${item.status}`);
    li.dataset.id = item.id;
    const prompt = element('p', 'prompt', item.prompt);
    const meta = [item.kind === 'edit' ? t('edit') : t('generate'), item.model, item.size, item.quality, item.format];
    if (item.durationMs !== undefined) meta.push(t('seconds', (item.durationMs / 1000).toFixed(1)));
    if (item.costText) meta.push(item.costText);
    li.append(prompt, element('p', 'meta', meta.join(' · ')));

    if (item.status === 'running') li.append(element('p', 'status', t('running')));
    if (item.status === 'cancelled') li.append(element('p', 'status', item.error || ''));
    if (item.status === 'failed') {
      const error = element('div', 'error');
      error.append(element('strong', undefined, t('failed')), element('span', undefined, ` ${item.error || ''}`));
      if (item.requestId) error.append(element('p', 'meta', `${t('requestId')}: ${item.requestId}`));
      error.append(button(t('showLog'), () => vscode.postMessage({ type: 'showLog' })));
      li.append(error);
    }

    item.views.forEach((view, fileIndex) => {
      const figure = element('figure', 'image');
      const image = /** @type {HTMLImageElement} */ (element('img'));
      image.src = view.src;
      image.alt = item.prompt;
      image.addEventListener('click', () => vscode.postMessage({ type: 'open', resultId: item.id, fileIndex }));
      const caption = element('figcaption');
      const link = /** @type {HTMLAnchorElement} */ (element('a', 'path', view.label));
      link.href = '#';
      link.addEventListener('click', (event) => {
        event.preventDefault();
        vscode.postMessage({ type: 'open', resultId: item.id, fileIndex });
      });
      const actions = element('div', 'actions');
      /** @type {Array<[string, string]>} */
      const buttons = [
        ['open', t('open')],
        ['reveal', t('reveal')],
        ['copyPath', t('copyPath')],
        ['copyMarkdownLink', t('copyMarkdownLink')],
      ];
      for (const [type, label] of buttons) actions.append(button(label, () => vscode.postMessage({ type, resultId: item.id, fileIndex })));
      caption.append(link, actions);
      figure.append(image, caption);
      li.append(figure);
    });
    return li;
  }

  /** @param {ResultView[]} items */
  function render(items) {
    list.replaceChildren(...items.map(renderItem));
    empty.hidden = items.length > 0;
  }

  /** @param {unknown} value @returns {value is ResultView[]} */
  function isItems(value) {
    return Array.isArray(value) && value.every((item) => item && typeof item === 'object' && typeof item.id === 'string' && Array.isArray(item.views));
  }

  /** @type {HTMLElement} */ (document.getElementById('title')).textContent = t('title');
  empty.textContent = t('empty');
  clear.textContent = t('clear');
  clear.addEventListener('click', () => vscode.postMessage({ type: 'clear' }));

  // Draw what was shown before a reload at once; the extension sends fresh data after `ready`.
  const saved = /** @type {{ entries?: unknown } | undefined} */ (vscode.getState());
  render(saved && isItems(saved.entries) ? saved.entries : []);

  window.addEventListener('message', (event) => {
    if (event.origin !== window.origin) return;
    const message = event.data;
    if (!message || message.type !== 'results' || !isItems(message.items)) return;
    render(message.items);
    vscode.setState({ entries: message.items });
  });
  vscode.postMessage({ type: 'ready' });
})();
