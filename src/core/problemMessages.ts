import type { Problem } from './problems';
import type { Translate } from './translate';

const SIZE_REASONS: Record<string, (t: Translate) => string> = {
  'not-multiple-of-16': (t) => t('both edges must be multiples of 16'),
  'edge-too-long': (t) => t('the longest edge may be at most 3840 pixels'),
  ratio: (t) => t('the long edge may be at most 3 times the short edge'),
  pixels: (t) => t('the image must have between 655,360 and 8,294,400 pixels'),
};

export function describeProblem(problem: Problem, t: Translate): string {
  switch (problem.code) {
    case 'prompt-empty':
      return t('The prompt is empty. Select some text or type a prompt.');
    case 'prompt-binary':
      return t('The selection looks like binary data, not text. Select a sentence that describes the image.');
    case 'prompt-too-long':
      return t('The prompt has {0} characters; the API takes at most {1}.', problem.length, problem.max);
    case 'size-not-offered':
      return t('{0} does not offer the size {1}. Choose auto, 1024x1024, 1536x1024 or 1024x1536 (openaiImages.size).', problem.model, problem.size);
    case 'size-invalid':
      return t('The size {0} does not work with {1}: {2}.', problem.size, problem.model, (SIZE_REASONS[problem.reason] ?? (() => problem.reason))(t));
    case 'transparent-jpeg':
      return t('A transparent background needs PNG or WebP output; JPEG has no transparency. Change openaiImages.background or openaiImages.outputFormat.');
    case 'compression-png':
      return t('Output compression applies to JPEG and WebP only. Clear openaiImages.outputCompression or choose another output format.');
    case 'fidelity-unsupported':
      return t('{0} does not take input fidelity. Set openaiImages.inputFidelity to low or choose another model.', problem.model);
    case 'no-images':
      return t('Choose at least one image to edit.');
    case 'too-many-images':
      return t('{0} images were chosen; an edit takes at most {1}.', problem.count, problem.max);
    case 'image-empty':
      return t('{0} is empty.', problem.name);
    case 'image-too-large':
      return t('{0} is {1} MB; each image must be under {2} MB.', problem.name, problem.megabytes, problem.maxMegabytes);
    case 'image-unsupported':
      return t('{0} is not a PNG, JPEG or WebP image (judged by its contents, not its name).', problem.name);
    case 'image-truncated':
      return t('{0} is cut short: the file ends before the image does.', problem.name);
    case 'mask-not-png':
      return t('The mask {0} must be a PNG file with an alpha channel.', problem.name);
    case 'mask-image-not-png':
      return t('A mask can only be used when the first image is a PNG; {0} is not.', problem.name);
    case 'mask-too-large':
      return t('The mask {0} is {1} MB; a mask must be under {2} MB.', problem.name, problem.megabytes, problem.maxMegabytes);
    case 'mask-dimensions':
      return t('The mask {0} is {1} but the image is {2}; they must be the same size.', problem.name, problem.mask, problem.image);
    case 'mask-no-alpha':
      return t('The mask {0} has no alpha channel. Fully transparent pixels mark where to edit.', problem.name);
  }
}
