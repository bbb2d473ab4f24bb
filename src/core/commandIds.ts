export const CommandIds = {
  generateFromSelection: 'openaiImages.generateFromSelection',
  generate: 'openaiImages.generate',
  editImage: 'openaiImages.editImage',
  editImageWithMask: 'openaiImages.editImageWithMask',
  drawEdit: 'openaiImages.drawEdit',
  startConversation: 'openaiImages.startConversation',
  continueInConversation: 'openaiImages.continueInConversation',
  openConversation: 'openaiImages.openConversation',
  undoDrawing: 'openaiImages.undoDrawing',
  redoDrawing: 'openaiImages.redoDrawing',
  setApiKey: 'openaiImages.setApiKey',
  clearApiKey: 'openaiImages.clearApiKey',
  showPanel: 'openaiImages.showPanel',
  checkSetup: 'openaiImages.checkSetup',
  regenerateFromFile: 'openaiImages.regenerateFromFile',
  generateAssets: 'openaiImages.generateAssets',
  generateAsset: 'openaiImages.generateAsset',
  submitAssetsBatch: 'openaiImages.submitAssetsBatch',
  collectBatchResults: 'openaiImages.collectBatchResults',
  setUpOtherAgents: 'openaiImages.setUpOtherAgents',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
