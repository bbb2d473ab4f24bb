import type { Problem } from './problems';
import type { Translate } from './translate';

const SIZE_REASONS: Record<string, (t: Translate) => string> = {
  'not-multiple-of-16': (t) => t('both edges must be multiples of 16'),
  'edge-too-long': (t) => t('the longest edge may be at most 3840 pixels'),
  ratio: (t) => t('the long edge may be at most 3 times the short edge'),
  pixels: (t) => t('the image must have between 655,360 and 8,294,400 pixels'),
};

/** A compatible server's model, refused against its declaration (openaiImages.compatibleModels). */
function describeCompatibleProblem(problem: Extract<Problem, { code: 'compatible-not-declared' | 'compatible-cannot' }>, t: Translate): string {
  if (problem.code === 'compatible-not-declared') {
    return t(
      '{0} is declared in openaiImages.compatibleModels with {1} {2}, not {3}. Choose one of those in openaiImages.{4}, or declare {3}.',
      problem.model,
      problem.setting === 'size' ? t('the sizes') : problem.setting === 'quality' ? t('the qualities') : t('the formats'),
      problem.offered,
      problem.value,
      problem.setting,
    );
  }
  if (problem.part === 'edit') return t('{0} is declared in openaiImages.compatibleModels as not taking edits ("edit": false).', problem.model);
  if (problem.part === 'mask') {
    return t('{0} is declared in openaiImages.compatibleModels as not taking a mask ("mask": false). Edit without the mask.', problem.model);
  }
  return t("{0} is a model of a compatible server; markup is an OpenAI model's control (GPT Image 2.5 and later). Paint a mask instead.", problem.model);
}

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
    case 'transparent-format':
      return t(
        'A transparent background needs PNG or WebP output, not {0}. Change openaiImages.background or openaiImages.outputFormat.',
        problem.format.toUpperCase(),
      );
    case 'transparent-unsupported':
      return t('{0} cannot make transparent backgrounds. Set openaiImages.background to auto or opaque, or choose another model.', problem.model);
    case 'compression-format':
      return t(
        'Output compression applies to JPEG and WebP only, not {0}. Clear openaiImages.outputCompression or choose another output format.',
        problem.format.toUpperCase(),
      );
    case 'quality-unsupported':
      return t('{0} does not take quality {1}; it takes {2} (openaiImages.quality).', problem.model, problem.quality, problem.offered);
    case 'complexity-unsupported':
      return t('{0} does not take a complexity. Set openaiImages.complexity to auto, or choose a GPT Image 2.5 or 2.6 model.', problem.model);
    case 'format-unsupported':
      return t('{0} cannot write {1}; it writes {2} (openaiImages.outputFormat).', problem.model, problem.format.toUpperCase(), problem.offered);
    case 'svg-count':
      return t('SVG output makes one image per request, not {0}. Set openaiImages.count to 1.', problem.count);
    case 'gif-mask':
      return t('GIF output cannot be used with a mask. Choose PNG, JPEG or WebP output (openaiImages.outputFormat) for a masked edit.');
    case 'markup-unsupported':
      return t('{0} does not take markup; GPT Image 2.5 models do. Choose one of them in openaiImages.model.', problem.model);
    case 'compatible-not-declared':
    case 'compatible-cannot':
      return describeCompatibleProblem(problem, t);
    case 'markup-with-mask':
      return t('An edit takes a mask or a markup overlay, not both.');
    case 'markup-not-png':
      return t('The markup {0} must be a PNG file with transparent pixels.', problem.name);
    case 'markup-dimensions':
      return t('The markup {0} is {1} but the image is {2}; they must be the same size.', problem.name, problem.markup, problem.image);
    case 'markup-no-alpha':
      return t('The markup {0} has no transparent pixels; it is drawn over the image, so everything but the drawing must be transparent.', problem.name);
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
