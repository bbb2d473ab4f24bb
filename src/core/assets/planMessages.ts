/** Why a plan item or a derivative is to be made, in the caller's language (VS Code's l10n, English in the CLI). */
import type { Translate } from '../translate';
import type { DerivativeStatus } from './derivativePlan';
import type { StyleChange } from './styleKit';

export function describeStyleChange(change: StyleChange, t: Translate): string {
  switch (change.part) {
    case 'added':
      return t('style `{0}` added', change.style);
    case 'renamed':
      return t('style changed from `{0}` to `{1}`', change.from, change.style);
    case 'brief':
      return t('style `{0}` changed: brief', change.style);
    case 'palette':
      return t('style `{0}` changed: palette', change.style);
    case 'negative':
      return t('style `{0}` changed: negative', change.style);
    case 'options':
      return t('style `{0}` changed: settings', change.style);
    case 'reference':
      return t('style `{0}` changed: reference `{1}`', change.style, change.reference);
    case 'reference-added':
      return t('style `{0}` changed: reference `{1}` added', change.style, change.reference);
    case 'reference-removed':
      return t('style `{0}` changed: reference `{1}` removed', change.style, change.reference);
  }
}

export function describeStyleChanges(changes: readonly StyleChange[], t: Translate): string {
  return changes.map((change) => describeStyleChange(change, t)).join('; ');
}

export function describeDerivativeStatus(status: DerivativeStatus, t: Translate): string {
  switch (status) {
    case 'up-to-date':
      return t('up to date');
    case 'missing':
      return t('missing');
    case 'source-changed':
      return t('its source changed');
    case 'spec-changed':
      return t('its size or format changed');
    case 'source-stale':
      return t('made after its source');
    case 'source-missing':
      return t('waits for its source (choose a candidate)');
    case 'modified':
      return t('changed on disk since it was made');
    case 'untracked':
      return t('exists but was not made from this manifest');
  }
}
