/**
 * package.json's `contributes.languageModelTools`, made from the tools' zod schemas and descriptions (and so from
 * the model catalogue). scripts/write-tool-contributions.ts writes it; a unit test fails when the two differ.
 */
import { z } from 'zod';
import { AGENT_TOOL_DESCRIPTIONS, editImageSchema, findImagesSchema, generateImageSchema } from './agentTools';
import { AGENT_TOOLS, type AgentToolKind } from './agentToolNames';

const SCHEMAS = { generate: generateImageSchema, edit: editImageSchema, find: findImagesSchema } as const;
const REFERENCE_NAMES: Record<AgentToolKind, string> = { generate: 'generateImage', edit: 'editImage', find: 'findImages' };

export function languageModelToolContributions(): unknown[] {
  return (Object.keys(AGENT_TOOLS) as AgentToolKind[]).map((kind) => {
    const { $schema: _dialect, ...inputSchema } = z.toJSONSchema(SCHEMAS[kind], { io: 'input' });
    return {
      name: AGENT_TOOLS[kind],
      toolReferenceName: REFERENCE_NAMES[kind],
      displayName: `%tool.${kind}.displayName%`,
      userDescription: `%tool.${kind}.userDescription%`,
      modelDescription: AGENT_TOOL_DESCRIPTIONS[kind],
      canBeReferencedInPrompt: true,
      icon: '$(file-media)',
      tags: ['images', 'openai'],
      inputSchema,
    };
  });
}
