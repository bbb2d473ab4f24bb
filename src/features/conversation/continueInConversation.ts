import { randomUUID } from 'node:crypto';
import { newConversation } from '../../core/conversation/conversation';
import { editStem } from '../../core/fileNaming';
import { OUTPUT_EXTENSIONS } from '../../core/outputFiles';
import type { Command } from '../../platform/command';
import { fileName, pickImages, readImages } from '../edit/editInputs';
import { chooseOutputLocation } from '../requests/outputLocation';
import type { ConversationServices } from './startConversation';

/**
 * "Continue in Image Conversation" on an image (explorer, image preview, a panel result, or a file chosen in a
 * dialog): an image one of this workspace's conversations made opens that conversation; any other image starts a
 * new one from it, its images written beside it, the image itself sent with the first turn.
 */
export function continueInConversationCommand(services: ConversationServices): Command {
  return {
    async execute(clicked?: unknown, selected?: unknown) {
      const image = (await pickImages(clicked, selected))?.[0];
      if (!image) return;
      const made = services.conversationStore.byFile(image);
      if (made) return services.conversationPanels.show(made.id);
      // Checked now (a regular file the API can take), not first when the first turn is sent.
      const bytes = (await readImages([image]))?.[0]?.bytes;
      if (!bytes) return;
      // A copy or a move keeps the recipe: it still names the conversation.
      const named = (await services.recipes.recipeOf(image, bytes))?.conversation?.id;
      const recorded = named ? services.conversationStore.get(named) : undefined;
      if (recorded) return services.conversationPanels.show(recorded.id);
      const settings = services.settings.read(image);
      const stem = editStem(fileName(image));
      const location = await chooseOutputLocation(image, settings, stem, OUTPUT_EXTENSIONS[settings.outputFormat]);
      if (!location) return;
      const id = randomUUID();
      await services.conversationStore.save(
        newConversation({
          id,
          now: Date.now(),
          model: settings.conversationModel,
          storage: settings.conversationStorage,
          folder: location.folder.toString(),
          stem: location.stem ?? stem,
          source: image.toString(),
        }),
      );
      services.conversationPanels.show(id);
    },
  };
}
