/** The words a person reads about a file's Content Credentials: one line for a card, more for the details. */
import type { CredentialsReport } from './credentialsReport';
import type { Translate } from '../translate';

function signerOf(report: CredentialsReport, t: Translate): string {
  if (report.signer && report.issuer && report.issuer !== report.signer) return `${report.signer} (${report.issuer})`;
  return report.signer ?? report.issuer ?? t('an unnamed signer');
}

/** "Content Credentials: signed by OpenAI Media Service (OpenAI OpCo, LLC), intact", and the other three. */
export function credentialsLine(report: CredentialsReport, t: Translate): string {
  switch (report.state) {
    case 'intact':
      return t('Content Credentials: signed by {0}, intact', signerOf(report, t));
    case 'untrusted':
      return report.problems.includes('signingCredential.expired')
        ? t('Content Credentials: signed by {0}, certificate expired', signerOf(report, t))
        : t('Content Credentials: signed by {0}, issuer not trusted', signerOf(report, t));
    case 'altered':
      return t('Content Credentials: altered after signing');
    case 'none':
      return t('Content Credentials: none');
  }
}

/** What the manifest says beyond the verdict, one fact a line. */
export function credentialsDetails(report: CredentialsReport, t: Translate): string[] {
  if (report.state === 'none') return [t('This file carries no C2PA manifest.')];
  const lines: string[] = [];
  if (report.softwareAgent) lines.push(t('Made by: {0}', report.softwareAgent));
  if (report.aiGenerated) lines.push(t('Declared as made by a trained model (AI-generated).'));
  if (report.generator) lines.push(t('Claim generator: {0}', report.generator));
  if (report.signedAt) lines.push(t('Signed: {0}', report.signedAt));
  if (report.actions.length > 0) lines.push(t('Actions: {0}', report.actions.join(', ')));
  if (report.state === 'altered') lines.push(t('The file no longer matches what was signed ({0}).', report.problems.join(', ')));
  if (report.state === 'untrusted')
    lines.push(t("The file is as it was signed, but the signer's certificate is not trusted ({0}).", report.problems.join(', ')));
  return lines;
}
