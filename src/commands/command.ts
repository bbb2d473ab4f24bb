import type { ApiKeyStore } from '../host/apiKeyStore';
import type { AssetBatchJobs } from '../host/assetBatchJobs';
import type { AssetJobs } from '../host/assetJobs';
import type { ImageRequestRunner } from '../host/imageRequestRunner';
import type { Logger } from '../host/logger';
import type { RecentPrompts } from '../host/recentPrompts';
import type { SettingsReader } from '../host/settingsReader';
import type { ImagesPanel } from '../panel/imagesPanel';
import type { CommandId } from './commandIds';

/** One palette command: its id and what it does. */
export interface Command {
  readonly id: CommandId;
  execute(...args: unknown[]): unknown;
}

/** What commands are built from; composed once in `extension.ts`. */
export interface CommandServices {
  readonly runner: ImageRequestRunner;
  readonly keys: ApiKeyStore;
  readonly settings: SettingsReader;
  readonly panel: ImagesPanel;
  readonly recentPrompts: RecentPrompts;
  readonly log: Logger;
  readonly assets: AssetJobs;
  readonly batches: AssetBatchJobs;
}
