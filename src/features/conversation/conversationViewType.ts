/** The webview panel type of a conversation; VS Code restores open ones after a reload through its serializer. */
export const CONVERSATION_VIEW_TYPE = 'openaiImages.conversation';
