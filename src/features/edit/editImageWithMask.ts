import { pickMask } from './editInputs';
import { runEdit, type EditServices } from './editFlow';
import type { Command } from '../../platform/command';

/** As "Edit Image with Prompt...", with the mask chosen in a file dialog. */
export function editImageWithMaskCommand(services: EditServices): Command {
  return {
    execute: (clicked?: unknown, selected?: unknown) => runEdit(services, clicked, selected, pickMask),
  };
}
