/**
 * The one-way rule of the source tree (README, "Architecture"): core ← api ← pipeline ← platform ← features ←
 * composition, and among features only toward the ones listed earlier in FEATURE_ORDER. A new import that runs
 * back up, or a new feature folder missing from the order, fails here.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CommandIds } from '../../src/core/commandIds';

const src = path.join(__dirname, '..', '..', 'src');

/** Lower features first: a feature may import the ones before it, never one after it. */
const FEATURE_ORDER = [
  'walkthrough',
  'spend',
  'panel',
  'requests',
  'writer',
  'edit',
  'canvas',
  'insert',
  'generate',
  'history',
  'credentials',
  'recovery',
  'assets',
  'setup',
  'conversation',
  'agents',
];
/** Layers by height; `cli` and `mcp` sit beside platform (all on pipeline), and none may import another. */
const LAYER_RANK: Record<string, number> = { core: 0, api: 1, pipeline: 2, cli: 3, mcp: 3, platform: 3, features: 4, top: 5 };
const SIDE_BY_SIDE = new Set(['cli', 'mcp', 'platform']);
/** Packages a layer may not import: the pure core stays free of VS Code and the SDK; Node layers of VS Code. */
const FORBIDDEN_PACKAGES: Record<string, readonly string[]> = {
  core: ['vscode', 'openai', 'node:fs', 'node:child_process', 'node:net', 'node:http', 'node:https'],
  api: ['vscode'],
  pipeline: ['vscode'],
  cli: ['vscode'],
  mcp: ['vscode'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

interface Place {
  readonly layer: string;
  readonly feature?: string;
}

function placeOf(file: string): Place {
  const parts = path.relative(src, file).split(path.sep);
  if (parts.length === 1) return { layer: 'top' };
  const [layer, feature] = parts;
  if (!layer || !(layer in LAYER_RANK)) throw new Error(`${file} is in no known layer; add its folder to LAYER_RANK.`);
  if (layer === 'features') {
    if (!feature || parts.length < 3) throw new Error(`${file}: files under features/ belong in a feature folder.`);
    return { layer, feature };
  }
  return { layer };
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|require\('([^']+)'\)|import\('([^']+)'\)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? '',
  );
}

/** Why `from` may not import `to`, or undefined when it may. */
function violation(from: Place, to: Place): string | undefined {
  if (from.layer === 'features' && to.layer === 'features') {
    const a = FEATURE_ORDER.indexOf(from.feature ?? '');
    const b = FEATURE_ORDER.indexOf(to.feature ?? '');
    if (a < 0 || b < 0) return `features/${a < 0 ? from.feature : to.feature} is not in FEATURE_ORDER`;
    return b <= a ? undefined : `features/${from.feature} may not import features/${to.feature}, which comes after it`;
  }
  if (from.layer !== to.layer && SIDE_BY_SIDE.has(from.layer) && SIDE_BY_SIDE.has(to.layer)) return `${from.layer} and ${to.layer} are separate`;
  return (LAYER_RANK[to.layer] ?? 99) <= (LAYER_RANK[from.layer] ?? -1) ? undefined : `${from.layer} may not import ${to.layer}`;
}

describe('architecture: imports run one way', () => {
  const files = sourceFiles(src);

  it('finds the source tree', () => {
    assert.ok(files.length > 50);
  });

  it('no import runs back up a layer or toward a later feature', () => {
    const problems: string[] = [];
    for (const file of files) {
      const from = placeOf(file);
      for (const specifier of importsOf(file)) {
        if (!specifier.startsWith('.')) {
          if (FORBIDDEN_PACKAGES[from.layer]?.includes(specifier)) problems.push(`${path.relative(src, file)} imports ${specifier}`);
          continue;
        }
        const to = placeOf(path.resolve(path.dirname(file), specifier) + '.ts');
        const why = violation(from, to);
        if (why) problems.push(`${path.relative(src, file)} imports ${specifier}: ${why}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('webview code (features/*/webview) imports only lit, zod/mini, its own feature and the canvas core: no vscode, no Node', () => {
    const problems: string[] = [];
    for (const file of files.filter((name) => name.split(path.sep).includes('webview'))) {
      const feature = placeOf(file).feature;
      for (const specifier of importsOf(file)) {
        const target = path.resolve(path.dirname(file), specifier);
        // core/canvas is pure drawing arithmetic with no imports of its own beyond itself: the browser can run it.
        const allowed = specifier.startsWith('.')
          ? target.startsWith(path.join(src, 'core', 'canvas') + path.sep) || placeOf(target + '.ts').feature === feature
          : /^(lit|lit\/.*|zod\/mini)$/.test(specifier);
        if (!allowed) problems.push(`${path.relative(src, file)} imports ${specifier}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(files.some((name) => name.endsWith(path.join('panel', 'webview', 'main.ts'))));
  });

  it('core/canvas imports nothing but itself, so the canvas webview can bundle it', () => {
    const canvasCore = path.join(src, 'core', 'canvas');
    const problems = files
      .filter((file) => file.startsWith(canvasCore + path.sep))
      .flatMap((file) =>
        importsOf(file)
          .filter((specifier) => !specifier.startsWith('./'))
          .map((specifier) => `${path.relative(src, file)} imports ${specifier}`),
      );
    assert.deepEqual(problems, []);
  });

  it('every feature folder is placed in the order', () => {
    const features = readdirSync(path.join(src, 'features')).filter((name) => statSync(path.join(src, 'features', name)).isDirectory());
    assert.deepEqual([...features].sort(), [...FEATURE_ORDER].sort());
  });

  it('the checker itself catches an upward import', () => {
    assert.match(violation({ layer: 'core' }, { layer: 'platform' }) ?? '', /core may not import platform/);
    assert.match(violation({ layer: 'features', feature: 'panel' }, { layer: 'features', feature: 'history' }) ?? '', /comes after it/);
    assert.equal(violation({ layer: 'features', feature: 'history' }, { layer: 'features', feature: 'panel' }), undefined);
    assert.deepEqual(importsOf(path.join(src, 'features', 'history', 'resultActions.ts')).filter((spec) => spec.includes('../panel/')).length > 0, true);
  });
});

describe('the command table and package.json', () => {
  const manifest = JSON.parse(readFileSync(path.join(src, '..', 'package.json'), 'utf8')) as {
    contributes: { commands: Array<{ command: string }>; menus: Record<string, Array<{ command: string }>> };
  };
  const ids = Object.values(CommandIds);

  it('contributes exactly the command ids the extension registers', () => {
    assert.deepEqual(manifest.contributes.commands.map((entry) => entry.command).sort(), [...ids].sort());
  });

  it('every menu names a contributed command', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) assert.ok((ids as readonly string[]).includes(item.command), `${menu}: ${item.command}`);
    }
  });

  it('the command table pairs every id with its builder', () => {
    const table = readFileSync(path.join(src, 'commandTable.ts'), 'utf8');
    for (const id of ids) assert.match(table, new RegExp(`'${id.replace('.', '\\.')}': \\w+Command,`), id);
  });
});
