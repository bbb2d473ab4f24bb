import { offerSiblingMask } from '../host/editInputs';
import { runEdit } from './editFlow';
import type { Command, CommandServices } from './command';
import { CommandIds } from './commandIds';

/** Edits the chosen image(s) with a prompt, offering `<name>.mask.png` when it lies beside the first. */
export function editImageCommand(services: CommandServices): Command {
  return {
    id: CommandIds.editImage,
    execute: (clicked?: unknown, selected?: unknown) => runEdit(services, clicked, selected, offerSiblingMask),
  };
}
