/**
 * MCP Tasks (the specification's task-augmented `tools/call`, `tasks/get`, `tasks/result`, `tasks/cancel`) on the
 * official SDK's experimental support: a client can start an image, go back to its user, and collect it later. A
 * plain call to the same tool still answers as before (the SDK waits on the task for it). `tasks/cancel` aborts the
 * task's HTTP request, so a cancelled task writes nothing.
 */
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js';
import type { ToolTaskHandler } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ZodRawShapeCompat } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { CallToolResult, Task, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { JobLog } from '../pipeline/runImageJob';
import type { ProgressExtra } from './callProgress';

/** How long a finished task's result is kept for the client to collect, unless it asks for another time. */
export const TASK_TTL_MS = 60 * 60 * 1000;
/** How often a client (and the SDK, for a plain call) looks at a running task. */
export const TASK_POLL_MS = 250;

/** The in-memory store of the SDK, which also aborts a task's work when the client cancels it. */
export class ImageTaskStore extends InMemoryTaskStore {
  private readonly controllers = new Map<string, AbortController>();

  /** The signal a task's work runs under: aborted by `tasks/cancel` or by `end`. */
  signalFor(taskId: string, end: AbortSignal): AbortSignal {
    const controller = new AbortController();
    this.controllers.set(taskId, controller);
    end.addEventListener('abort', () => controller.abort(), { once: true });
    return controller.signal;
  }

  override async updateTaskStatus(taskId: string, status: Task['status'], statusMessage?: string, sessionId?: string): Promise<void> {
    await super.updateTaskStatus(taskId, status, statusMessage, sessionId);
    if (status === 'cancelled') {
      this.controllers.get(taskId)?.abort();
      this.controllers.delete(taskId);
    }
  }

  /** Stores the work's answer; a task cancelled meanwhile keeps its cancelled state (and nothing was written). */
  async finish(taskId: string, answer: CallToolResult, log: JobLog): Promise<void> {
    this.controllers.delete(taskId);
    const task = await this.getTask(taskId);
    if (!task || task.status === 'cancelled') return;
    await this.storeTaskResult(taskId, answer.isError ? 'failed' : 'completed', answer).catch((error: unknown) =>
      log.warn(`task ${taskId}: result not stored: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}

/** What registering task tools needs: the server, its task store, the server's end, and a log. */
export interface TaskTools {
  readonly server: McpServer;
  readonly store: ImageTaskStore;
  readonly end: AbortSignal;
  readonly log: JobLog;
}

export interface TaskToolConfig {
  readonly title: string;
  readonly description: string;
  readonly inputSchema: ZodRawShapeCompat;
  readonly annotations: ToolAnnotations;
}

/** The call's answer, its work running under `signal` (a task's own, which tasks/cancel aborts). */
export type TaskWork = (input: unknown, extra: { signal: AbortSignal } & ProgressExtra, signal: AbortSignal) => Promise<CallToolResult>;

/** A paid tool that may run as a task: created at once, run in the background, collected with tasks/result. */
export function registerTaskTool(tools: TaskTools, name: string, config: TaskToolConfig, work: TaskWork): void {
  const { server, store, end, log } = tools;
  const handler: ToolTaskHandler<ZodRawShapeCompat> = {
    createTask: async (input, extra) => {
      const task = await extra.taskStore.createTask({ ttl: extra.taskRequestedTtl ?? TASK_TTL_MS, pollInterval: TASK_POLL_MS });
      const signal = store.signalFor(task.taskId, end);
      log.info(`${name}: task ${task.taskId} started`);
      void work(input, extra, signal)
        .catch((error: unknown): CallToolResult => ({
          content: [{ type: 'text', text: `Nothing was made: ${error instanceof Error ? error.message : String(error)}` }],
          isError: true,
        }))
        .then((outcome) => store.finish(task.taskId, outcome, log))
        .catch((error: unknown) => log.error(`task ${task.taskId}: ${error instanceof Error ? error.message : String(error)}`));
      return { task };
    },
    getTask: async (_input, extra) => {
      const task = await extra.taskStore.getTask(extra.taskId);
      if (!task) throw new Error(`no task ${extra.taskId}`);
      return task;
    },
    getTaskResult: async (_input, extra) => (await extra.taskStore.getTaskResult(extra.taskId)) as CallToolResult,
  };
  server.experimental.tasks.registerToolTask(name, { ...config, execution: { taskSupport: 'optional' } }, handler);
}
