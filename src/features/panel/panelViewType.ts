/** The panel's webview type: `package.json` activates on it, and the serializer restores it. */
export const PANEL_VIEW_TYPE = 'openaiImages.panel';
