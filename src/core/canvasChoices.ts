/**
 * What the edit canvas offers: the models that take a mask (and which of them take markup), their qualities, and
 * the sizes of an edit, all from the model catalogue, so a new model appears here by its table row alone.
 */
import { FIXED_SIZES, modelEntry, type Quality } from './modelCatalogue';
import { offeredModels } from './modelLifecycle';

export interface CanvasModel {
  readonly id: string;
  readonly markup: boolean;
  readonly qualities: readonly Quality[];
  readonly sizes: readonly string[];
}

/** Offered models (no shutdown announced) that take a mask, dated snapshots left to the settings. */
export function canvasModels(): CanvasModel[] {
  return offeredModels().flatMap((id) => {
    const entry = modelEntry(id);
    if (!entry || !entry.mask || entry.snapshotOf) return [];
    return [{ id, markup: entry.markup, qualities: entry.qualities, sizes: ['auto', ...FIXED_SIZES] }];
  });
}

/** The model to start with: the setting's when the canvas offers it, else the first that takes what is drawn. */
export function initialModel(models: readonly CanvasModel[], setting: string, markup: boolean): string | undefined {
  const usable = models.filter((model) => !markup || model.markup);
  return (usable.find((model) => model.id === setting) ?? usable[0])?.id;
}
