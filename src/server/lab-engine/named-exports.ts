import { createHash } from 'node:crypto';
import { parse } from '@babel/parser';

const cache = new Map<string, string[]>();
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The classes a module exports by name (its named entrypoints), so the generated entry can give them
 * the same binding facades as the default export. Unparseable code yields none (the upload check
 * reports the syntax error itself).
 */
export function namedClassExports(source: string): string[] {
  const key = createHash('sha256').update(source).digest('base64url');
  const hit = cache.get(key);
  if (hit) return hit;
  const names: string[] = [];
  try {
    const program = parse(source, { sourceType: 'module', errorRecovery: true }).program;
    const classes = new Set(program.body.flatMap((n) => (n.type === 'ClassDeclaration' && n.id ? [n.id.name] : [])));
    for (const node of program.body) {
      if (node.type !== 'ExportNamedDeclaration') continue;
      if (node.declaration?.type === 'ClassDeclaration' && node.declaration.id) names.push(node.declaration.id.name);
      for (const s of node.specifiers)
        if (s.type === 'ExportSpecifier' && !node.source && s.exported.type === 'Identifier' && s.local.type === 'Identifier' && classes.has(s.local.name)) names.push(s.exported.name);
    }
  } catch {
    /* not parseable: no named entrypoints */
  }
  const result = names.filter((n) => n !== 'default' && IDENTIFIER.test(n));
  if (cache.size > 500) cache.clear();
  cache.set(key, result);
  return result;
}
