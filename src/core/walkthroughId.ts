/** The walkthrough's id in package.json, alone in its module so that activation can open it without loading zod. */
export const WALKTHROUGH_ID = 'openaiImages.gettingStarted';
