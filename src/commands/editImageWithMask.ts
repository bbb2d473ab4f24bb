import { pickMask } from '../host/editInputs';
import { runEdit } from './editFlow';
import type { Command, CommandServices } from './command';
import { CommandIds } from './commandIds';

/** As "Edit Image with Prompt...", with the mask chosen in a file dialog. */
export function editImageWithMaskCommand(services: CommandServices): Command {
  return {
    id: CommandIds.editImageWithMask,
    execute: (clicked?: unknown, selected?: unknown) => runEdit(services, clicked, selected, pickMask),
  };
}
