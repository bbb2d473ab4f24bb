/**
 * Why an asset was not made, as data: the runner and the batch collector record it, and each surface words it
 * in its own language (the panel and notifications through VS Code's l10n, the command line in English).
 */
import { describePathProblem, type PathProblem } from '../containment';
import { describeFailure, type Failure } from '../failure';
import { describeProblem } from '../problemMessages';
import type { Problem } from '../problems';
import type { Translate } from '../translate';

/** Why an asset was not made; `recovered`: where its paid image is kept instead (the recovery folder). */
export type AssetFailureReason = AssetFailureCause & { readonly recovered?: string };

type AssetFailureCause =
  /** An input of the edit is outside the workspace, a link out of it, not a file, or too large. */
  | { readonly code: 'input-refused'; readonly problem: PathProblem }
  | { readonly code: 'input-missing'; readonly path: string }
  /** The request would be refused: the problems say why. */
  | { readonly code: 'invalid'; readonly problems: readonly Problem[] }
  /** The API refused or failed. */
  | { readonly code: 'request'; readonly failure: Failure }
  | { readonly code: 'cancelled' }
  /** The output's place was taken by a link out of the workspace, or cannot be written. */
  | { readonly code: 'write-refused'; readonly problem: PathProblem }
  | { readonly code: 'changed-on-disk' }
  | { readonly code: 'write-failed'; readonly detail: string }
  /** It edits an asset that failed. */
  | { readonly code: 'blocked'; readonly input: string }
  /** Batch results: the asset left the manifest, the batch had no answer for it, or the answer was not an image. */
  | { readonly code: 'not-in-manifest' }
  | { readonly code: 'no-result'; readonly batchStatus: string }
  | { readonly code: 'not-an-image'; readonly format: string; readonly detail: string }
  /** The Batch API's own error for the line (its code and message, as it gave them). */
  | { readonly code: 'batch-error'; readonly detail: string }
  /** A derivative would be larger than the asset it is made from. */
  | {
      readonly code: 'larger-than-source';
      readonly source: { readonly width: number; readonly height: number };
      readonly target: { readonly width: number; readonly height: number };
    }
  /** A derivative's source is not on disk, or not an image sharp can read. */
  | { readonly code: 'source-missing'; readonly path: string }
  | { readonly code: 'source-unreadable'; readonly detail: string }
  /** Choosing a candidate: none drafted, drafted for an earlier recipe, no such number, or changed by hand. */
  | { readonly code: 'no-drafts' }
  | { readonly code: 'drafts-outdated' }
  | { readonly code: 'no-such-candidate'; readonly count: number }
  | { readonly code: 'not-confirmed' }
  /** Anything else that went wrong, in the words of whatever failed. */
  | { readonly code: 'failed'; readonly detail: string };

export function describeAssetFailure(reason: AssetFailureReason, t: Translate): string {
  const cause = describeCause(reason, t);
  return reason.recovered ? `${cause} ${t('The image you paid for is kept in recovery: {0}', reason.recovered)}` : cause;
}

function describeCause(reason: AssetFailureCause, t: Translate): string {
  switch (reason.code) {
    case 'input-refused':
      return t('Input refused: {0}', describePathProblem(reason.problem, t));
    case 'input-missing':
      return t('The input {0} is missing.', reason.path);
    case 'invalid':
      return reason.problems.map((problem) => describeProblem(problem, t)).join(' ');
    case 'request':
      return describeFailure(reason.failure, t).message;
    case 'cancelled':
      return t('Cancelled. Nothing was written.');
    case 'write-refused':
      return describePathProblem(reason.problem, t);
    case 'changed-on-disk':
      return t('The file changed on disk during the run; it was left as it is.');
    case 'write-failed':
      return t('Could not write the file: {0}', reason.detail);
    case 'blocked':
      return t('It needs {0}, which failed.', reason.input);
    case 'not-in-manifest':
      return t('No longer in the manifest; not written.');
    case 'no-result':
      return t('The batch has no result for it (batch {0}).', reason.batchStatus);
    case 'not-an-image':
      return t('The answer is not a valid {0}: {1}', reason.format, reason.detail);
    case 'batch-error':
      return reason.detail;
    case 'larger-than-source':
      return t(
        '{0}x{1} is larger than its source ({2}x{3}); derivatives are only made smaller. Use smaller sizes or a larger size for the asset.',
        reason.target.width,
        reason.target.height,
        reason.source.width,
        reason.source.height,
      );
    case 'source-missing':
      return t('Its source {0} is not there yet.', reason.path);
    case 'source-unreadable':
      return t('Its source could not be read as an image: {0}', reason.detail);
    case 'no-drafts':
      return t('No candidates are drafted for it yet: generate them first.');
    case 'drafts-outdated':
      return t('Its candidates were drafted for an earlier prompt or inputs: generate them again.');
    case 'no-such-candidate':
      return t('There are {0} candidates; choose one from 1 to {0}.', reason.count);
    case 'not-confirmed':
      return t('It was changed on disk by hand and not confirmed; it was left as it is.');
    case 'failed':
      return reason.detail;
  }
}
