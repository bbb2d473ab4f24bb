import { offerSiblingMask } from './editInputs';
import { runEdit, type EditServices } from './editFlow';
import type { Command } from '../../platform/command';

/** Edits the chosen image(s) with a prompt, offering `<name>.mask.png` when it lies beside the first. */
export function editImageCommand(services: EditServices): Command {
  return {
    execute: (clicked?: unknown, selected?: unknown) => runEdit(services, clicked, selected, offerSiblingMask),
  };
}
