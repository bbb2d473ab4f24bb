/** The edit canvas's custom editor ("Open With... > Image Edit Canvas"); package.json contributes the same id. */
export const CANVAS_VIEW_TYPE = 'openaiImages.editCanvas';
