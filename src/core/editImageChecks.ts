/**
 * The input images of an edit, checked before anything is uploaded: each file whole and within the API's limits, and
 * a mask or a markup overlay against the first image. The same for every server: a broken file is broken everywhere.
 */
import { FILE_EXTENSIONS, MIME_TYPES, isComplete, orientedSize, readImageInfo, type ImageFormat } from './imageBytes';
import { LIMITS, type Problem } from './problems';

export interface InputImage {
  /** The file's name, shown in messages and sent as the part's file name. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** An input image checked and ready to upload, with the MIME type its bytes (not its name) show. */
export interface UploadImage {
  readonly fileName: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

const MEGABYTE = 1024 * 1024;
const megabytes = (bytes: number) => Math.round((bytes / MEGABYTE) * 10) / 10;

function checkImage(image: InputImage): { problem?: Problem; upload?: UploadImage; info?: ReturnType<typeof readImageInfo> } {
  if (image.bytes.length === 0) return { problem: { code: 'image-empty', name: image.name } };
  if (image.bytes.length >= LIMITS.imageBytes) {
    return { problem: { code: 'image-too-large', name: image.name, megabytes: megabytes(image.bytes.length), maxMegabytes: LIMITS.imageBytes / MEGABYTE } };
  }
  const info = readImageInfo(image.bytes);
  if (!info) return { problem: { code: 'image-unsupported', name: image.name } };
  if (!isComplete(image.bytes, info.format)) return { problem: { code: 'image-truncated', name: image.name } };
  return { info, upload: { fileName: uploadName(image.name, info.format), mimeType: MIME_TYPES[info.format], bytes: image.bytes } };
}

/** The part's file name must agree with its bytes, or the API may guess the type from the name. */
function uploadName(name: string, format: ImageFormat): string {
  const dot = name.lastIndexOf('.');
  const base = dot > 0 ? name.slice(0, dot) : name;
  return `${base}.${FILE_EXTENSIONS[format]}`;
}

function checkMask(mask: InputImage, first: ReturnType<typeof readImageInfo>): { problem?: Problem; upload?: UploadImage } {
  const checked = checkImage(mask);
  if (checked.problem || !checked.info || !checked.upload) return checked;
  const info = checked.info;
  if (info.format !== 'png') return { problem: { code: 'mask-not-png', name: mask.name } };
  if (mask.bytes.length >= LIMITS.maskBytes) {
    return { problem: { code: 'mask-too-large', name: mask.name, megabytes: megabytes(mask.bytes.length), maxMegabytes: LIMITS.maskBytes / MEGABYTE } };
  }
  if (first && (first.width !== info.width || first.height !== info.height)) {
    return { problem: { code: 'mask-dimensions', name: mask.name, mask: `${info.width}x${info.height}`, image: `${first.width}x${first.height}` } };
  }
  if (!info.hasAlpha) return { problem: { code: 'mask-no-alpha', name: mask.name } };
  return { upload: checked.upload };
}

/** A markup overlay: a PNG the size of the first image, transparent but for the drawing. */
function checkMarkup(markup: InputImage, first: { readonly width: number; readonly height: number } | undefined): { problem?: Problem; upload?: UploadImage } {
  const checked = checkImage(markup);
  if (checked.problem || !checked.info || !checked.upload) return checked;
  const info = checked.info;
  if (info.format !== 'png') return { problem: { code: 'markup-not-png', name: markup.name } };
  if (first && (first.width !== info.width || first.height !== info.height)) {
    return { problem: { code: 'markup-dimensions', name: markup.name, markup: `${info.width}x${info.height}`, image: `${first.width}x${first.height}` } };
  }
  if (!info.hasAlpha) return { problem: { code: 'markup-no-alpha', name: markup.name } };
  return { upload: checked.upload };
}

interface CheckedEditImages {
  readonly problems: Problem[];
  readonly uploads: UploadImage[];
  readonly mask?: UploadImage;
  readonly markup?: UploadImage;
}

/** The images, mask and markup of an edit, each checked against the API's limits and against the first image. */
export function checkEditImages(images: readonly InputImage[], mask: InputImage | undefined, markup: InputImage | undefined): CheckedEditImages {
  const problems: Problem[] = [];
  if (images.length === 0) problems.push({ code: 'no-images' });
  if (images.length > LIMITS.images) problems.push({ code: 'too-many-images', count: images.length, max: LIMITS.images });

  const uploads: UploadImage[] = [];
  const infos: Array<ReturnType<typeof readImageInfo>> = [];
  for (const image of images.slice(0, LIMITS.images)) {
    const checked = checkImage(image);
    if (checked.problem) problems.push(checked.problem);
    if (checked.upload) uploads.push(checked.upload);
    infos.push(checked.info);
  }

  let maskUpload: UploadImage | undefined;
  if (mask) {
    const first = infos[0];
    // The SDK wants a PNG mask and the guide wants the mask in the image's format: only PNG satisfies both.
    if (first && first.format !== 'png') {
      problems.push({ code: 'mask-image-not-png', name: images[0]?.name ?? '' });
    } else {
      const checked = checkMask(mask, first);
      if (checked.problem) problems.push(checked.problem);
      maskUpload = checked.upload;
    }
  }

  let markupUpload: UploadImage | undefined;
  if (markup) {
    const first = infos[0];
    // The API compares the overlay with the image "after orientation": a phone photo's quarter turn counts.
    const checked = checkMarkup(markup, first && images[0] ? orientedSize(images[0].bytes, first) : undefined);
    if (checked.problem) problems.push(checked.problem);
    markupUpload = checked.upload;
  }
  return { problems, uploads, mask: maskUpload, markup: markupUpload };
}
