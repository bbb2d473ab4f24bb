/** What of each image an agent's tool result carries: the choice the MCP server's flag and the VS Code setting share. */
export const IMAGE_CONTENT_CHOICES = ['thumbnail', 'full', 'none'] as const;
export type ImageContentChoice = (typeof IMAGE_CONTENT_CHOICES)[number];

/** The longest side of a thumbnail handed to an agent. */
export const THUMBNAIL_MAX_SIDE = 512;
