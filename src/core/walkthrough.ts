/**
 * The getting-started walkthrough: its steps in order, each completed by something the user did (a key stored,
 * Check Setup passed, an image written, a canvas edit, an asset made), never by merely opening its page. The
 * steps in package.json name these context keys in their completion events; a unit test keeps the two in step.
 */
import { MANIFEST_SUFFIX } from './assets/manifestSchema';
import type { ResultEntry } from './results';

import { WALKTHROUGH_ID } from './walkthroughId';

export { WALKTHROUGH_ID };

export const MILESTONES = ['keyStored', 'setupChecked', 'firstImage', 'firstCanvasEdit', 'firstAsset'] as const;
export type Milestone = (typeof MILESTONES)[number];

/** Each milestone's step in package.json (`contributes.walkthroughs[0].steps[].id`). */
export const MILESTONE_STEPS: { readonly [M in Milestone]: string } = {
  keyStored: 'setApiKey',
  setupChecked: 'checkSetup',
  firstImage: 'firstImage',
  firstCanvasEdit: 'firstCanvasEdit',
  firstAsset: 'firstAsset',
};

/** The id VS Code's Welcome page knows a step by: `<extension id>#<walkthrough id>#<step id>`. */
export function walkthroughStepId(extensionId: string, milestone: Milestone): string {
  return `${extensionId}#${WALKTHROUGH_ID}#${MILESTONE_STEPS[milestone]}`;
}

/** The context key a step's `completionEvents` waits for (`onContext:<key>`). */
export function milestoneContextKey(milestone: Milestone): string {
  return `openaiImages.walkthrough.${milestone}`;
}

/** What the history shows was done: an image written, an edit drawn on the canvas (a mask or markup), an asset made. */
export function milestonesInHistory(entries: ReadonlyArray<Pick<ResultEntry, 'status' | 'kind' | 'files' | 'mask' | 'markup' | 'origin'>>): Set<Milestone> {
  const reached = new Set<Milestone>();
  for (const entry of entries) {
    if (entry.status !== 'done' || entry.files.length === 0) continue;
    reached.add('firstImage');
    if (entry.kind === 'edit' && (entry.mask || entry.markup)) reached.add('firstCanvasEdit');
    if (entry.origin?.endsWith(MANIFEST_SUFFIX)) reached.add('firstAsset');
  }
  return reached;
}
