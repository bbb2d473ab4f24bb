/**
 * A manifest's JSON and schema problems in words the user's language has: jsonc-parser and zod report codes and
 * English, so each code is worded here through the caller's `t` (VS Code's l10n in the editor, English in the CLI).
 */
import { ParseErrorCode } from 'jsonc-parser';
import type { z } from 'zod';
import type { Translate } from '../translate';

export function jsonSyntaxMessage(code: ParseErrorCode, t: Translate): string {
  switch (code) {
    case ParseErrorCode.InvalidSymbol:
    case ParseErrorCode.InvalidCharacter:
      return t('JSON: unexpected character.');
    case ParseErrorCode.InvalidNumberFormat:
    case ParseErrorCode.UnexpectedEndOfNumber:
      return t('JSON: malformed number.');
    case ParseErrorCode.PropertyNameExpected:
      return t('JSON: a property name in double quotes is expected.');
    case ParseErrorCode.ValueExpected:
      return t('JSON: a value is expected.');
    case ParseErrorCode.ColonExpected:
      return t('JSON: a colon is expected.');
    case ParseErrorCode.CommaExpected:
      return t('JSON: a comma is expected.');
    case ParseErrorCode.CloseBraceExpected:
      return t('JSON: a closing brace is expected.');
    case ParseErrorCode.CloseBracketExpected:
      return t('JSON: a closing bracket is expected.');
    case ParseErrorCode.EndOfFileExpected:
      return t('JSON: nothing may follow the end of the manifest.');
    case ParseErrorCode.InvalidCommentToken:
    case ParseErrorCode.UnexpectedEndOfComment:
      return t('JSON: malformed comment.');
    case ParseErrorCode.UnexpectedEndOfString:
      return t('JSON: the string is not closed.');
    case ParseErrorCode.InvalidUnicode:
    case ParseErrorCode.InvalidEscapeCharacter:
      return t('JSON: malformed escape sequence.');
  }
}

/** One schema problem, without its location (the caller names where). */
export function schemaIssueMessage(issue: z.core.$ZodIssue, t: Translate): string {
  const field = issue.path.at(-1);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return t('must be a whole number');
      return issue.input === undefined ? t('is required') : t('must be of type {0}', issue.expected);
    case 'invalid_value':
      return t('must be one of: {0}', issue.values.map((value) => JSON.stringify(value)).join(', '));
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return t('must not be empty');
      if (issue.origin === 'array') return t('must have at least {0} items', Number(issue.minimum));
      return t('must be at least {0}', Number(issue.minimum));
    case 'too_big':
      if (issue.origin === 'string') return t('must be at most {0} characters long', Number(issue.maximum));
      if (issue.origin === 'array') return t('must have at most {0} items', Number(issue.maximum));
      return t('must be at most {0}', Number(issue.maximum));
    case 'invalid_format':
      if (field === 'out') return t('must end in .png, .jpg, .jpeg, .webp, .gif or .svg');
      if (field === 'size') return t('must be auto or WIDTHxHEIGHT, such as 1536x1024');
      return t('has the wrong format');
    default:
      return t('is not valid');
  }
}
