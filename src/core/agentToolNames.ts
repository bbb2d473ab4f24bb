/**
 * The image tools' names, apart from their schemas so `extension.ts` can register the language model tools at
 * activation without loading zod. package.json's `languageModelTools` uses the same names (a unit test checks).
 */
export const AGENT_TOOLS = { generate: 'generate_image', edit: 'edit_image', find: 'find_images' } as const;

export type AgentToolKind = keyof typeof AGENT_TOOLS;
