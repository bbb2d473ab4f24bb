import type { Command, CommandServices } from './command';
import { CommandIds } from './commandIds';

export function showPanelCommand(services: CommandServices): Command {
  return { id: CommandIds.showPanel, execute: () => services.panel.show() };
}
