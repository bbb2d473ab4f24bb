import type { Command } from '../../platform/command';
import type { ImagesPanel } from './imagesPanel';

export function showPanelCommand(services: { readonly panel: ImagesPanel }): Command {
  return { execute: () => services.panel.show() };
}
