/**
 * Reads a manifest's text into assets ready to plan, or into diagnostics with the exact place of each
 * problem: JSON syntax, unknown keys and bad values (from the schema), then the checks of manifestChecks and
 * each asset resolved by resolveAsset (styles, references, derivatives), and dependency cycles.
 */
import { findNodeAtLocation, getNodeValue, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { jsonSyntaxMessage, schemaIssueMessage } from './manifestMessages';
import { manifestSchema, type Manifest } from './manifestSchema';
import { anchorDiagnostics, resolveStyleKit } from './assetReferences';
import { dependencyOrder, findCycle } from './manifestGraph';
import { referenceFromDiagnostics, retiredModelDiagnostics } from './manifestChecks';
import { resolveAsset } from './resolveAsset';
import { editInputs, sameFileKey, type AssetScope, type ManifestDiagnostic, type ParseContext, type ParseResult, type ResolvedAsset } from './manifestTypes';

export { dependencyOrder, findCycle } from './manifestGraph';
export { editInputs, sameFileKey } from './manifestTypes';
export type { AssetPlace, ManifestDiagnostic, ParseContext, ParsedManifest, ParseResult, ResolvedAsset } from './manifestTypes';

export function parseManifest(text: string, context: ParseContext): ParseResult {
  const { t } = context;
  const diagnostics: ManifestDiagnostic[] = [];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  for (const error of errors) {
    diagnostics.push({ message: jsonSyntaxMessage(error.error, t), offset: error.offset, length: Math.max(1, error.length), severity: 'error' });
  }
  if (!root || errors.length > 0) return { diagnostics };

  const at = (location: ReadonlyArray<string | number>): Node => findNodeAtLocation(root, [...location]) ?? root;
  const span = (node: Node) => ({ offset: node.offset, length: Math.max(1, node.length) });

  const parsed = manifestSchema.safeParse(getNodeValue(root));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const location = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const property = at([...location, key]).parent?.children?.[0] ?? at(location);
          diagnostics.push({ message: t('Unknown key "{0}".', key), ...span(property), severity: 'error' });
        }
        continue;
      }
      const where = location.length > 0 ? location.join('.') : t('the manifest');
      diagnostics.push({ message: t('{0}: {1}', where, schemaIssueMessage(issue, t)), ...span(at(location)), severity: 'error' });
    }
    return { diagnostics };
  }
  const manifest: Manifest = parsed.data;
  diagnostics.push(...retiredModelDiagnostics(manifest, at, context));

  const assets: ResolvedAsset[] = [];
  const byOutput = new Map<string, number>();
  const scope: AssetScope = { manifest, context, at, span, diagnostics, byOutput, written: new Map() };
  for (const [index, asset] of manifest.assets.entries()) assets.push(resolveAsset(asset, index, scope));
  referenceFromDiagnostics(manifest, scope);
  for (const problem of anchorDiagnostics(manifest, context.manifestDir, t))
    diagnostics.push({ message: problem.message, ...span(at(problem.location)), severity: problem.severity });

  const withDeps = assets.map((asset) => ({
    ...asset,
    dependsOn: [
      ...new Set(
        editInputs(asset)
          .map((input) => byOutput.get(sameFileKey(input)))
          .filter((dep): dep is number => dep !== undefined),
      ),
    ],
  }));
  const cycle = findCycle(withDeps.map((asset) => asset.dependsOn));
  if (cycle) {
    const first = withDeps[cycle[0]!]!;
    diagnostics.push({
      message: t('These assets depend on each other in a cycle: {0}', cycle.map((index) => withDeps[index]!.out).join(' → ')),
      ...span(at(['assets', first.index, manifest.assets[first.index]!.edit ? 'edit' : 'referenceFrom'])),
      severity: 'error',
    });
  }
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return { diagnostics };
  const styles = Object.entries(manifest.styles ?? {}).map(([name, kit]) => resolveStyleKit(name, kit, context.manifestDir));
  return { manifest: { assets: withDeps, styles, order: dependencyOrder(withDeps.map((asset) => asset.dependsOn)) }, diagnostics };
}

/** 1-based line and column of an offset, for messages outside an editor (the CLI). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
