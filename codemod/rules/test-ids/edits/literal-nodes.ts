/**
 * The literals of the parsed file that edits may touch: string literals, templates without substitutions, and the
 * text parts of templates with substitutions — never module specifiers. Each with the offsets of its text inside
 * the quotes, so an edit changes the value and nothing else (quote style, escapes elsewhere, comments stay).
 */
import type { ts } from 'ts-morph';

export type LiteralNodeKind = 'literal' | 'template-part';

export interface LiteralNode {
  readonly node: ts.Node;
  readonly kind: LiteralNodeKind;
  /** The cooked value. */
  readonly text: string;
  /** Offset of the opening quote (or of `` ` ``/`}` for template parts): the analysis' token start. */
  readonly start: number;
  /** `[innerStart, innerEnd)`: the source text of the value (between the quotes, or the part's text). */
  readonly innerStart: number;
  readonly innerEnd: number;
  /** The source spells the value with escapes: offsets inside the value do not map 1:1. */
  readonly escaped: boolean;
  /** Template parts: a substitution touches the start / the end of this part. */
  readonly substitutionBefore: boolean;
  readonly substitutionAfter: boolean;
  /** A property name in a JSON file (`{ "run_id": … }`): never rewritten there. */
  readonly jsonKey: boolean;
}

type TsApi = typeof ts;

/** `json`: the file is JSON (its property names are keys, never values). */
export function literalNodesOf(api: TsApi, sourceFile: ts.SourceFile, text: string, json: boolean): LiteralNode[] {
  const found: LiteralNode[] = [];
  // The engine parses with parent pointers, but the contract does not promise it: without them, keep our own.
  const first = sourceFile.statements[0];
  const hasParents = first === undefined || first.parent === sourceFile;
  const parents = new Map<ts.Node, ts.Node>();
  const parentOf = (node: ts.Node): ts.Node | undefined => (hasParents ? node.parent : parents.get(node));
  // Iterative walk, so a deeply nested file cannot overflow the stack; results are sorted by position after.
  const stack: ts.Node[] = [sourceFile];
  const visit = (child: ts.Node, parent: ts.Node): void => {
    if (!hasParents) parents.set(child, parent);
    stack.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    api.forEachChild(node, (child) => visit(child, node));
    if (api.isTemplateExpression(node)) {
      // Parts are not visited by forEachChild as nodes of their own kind order; take them here.
      const parts: (ts.TemplateHead | ts.TemplateMiddle | ts.TemplateTail)[] = [node.head, ...node.templateSpans.map((span) => span.literal)];
      parts.forEach((part, index) => {
        const start = part.getStart(sourceFile);
        const innerEnd = part.end - (index === parts.length - 1 ? 1 : 2);
        found.push({
          node: part,
          kind: 'template-part',
          text: part.text,
          start,
          innerStart: start + 1,
          innerEnd,
          escaped: text.slice(start + 1, innerEnd) !== part.text,
          substitutionBefore: index > 0,
          substitutionAfter: index < parts.length - 1,
          jsonKey: false,
        });
      });
      continue;
    }
    if (!api.isStringLiteral(node) && !api.isNoSubstitutionTemplateLiteral(node)) continue;
    const parent = parentOf(node);
    if (parent && isModuleName(api, node, parent, parentOf)) continue;
    const start = node.getStart(sourceFile);
    const innerStart = start + 1;
    const innerEnd = node.end - 1;
    found.push({
      node,
      kind: 'literal',
      text: node.text,
      start,
      innerStart,
      innerEnd,
      escaped: text.slice(innerStart, innerEnd) !== node.text,
      substitutionBefore: false,
      substitutionAfter: false,
      jsonKey: json && parent !== undefined && api.isPropertyAssignment(parent) && parent.name === node,
    });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Module specifiers and module names are paths, never IDs. */
function isModuleName(api: TsApi, node: ts.Node, parent: ts.Node, parentOf: (node: ts.Node) => ts.Node | undefined): boolean {
  if (api.isImportDeclaration(parent) || api.isExportDeclaration(parent) || api.isExternalModuleReference(parent)) return true;
  if (api.isModuleDeclaration(parent) || api.isImportAttribute(parent)) return true;
  if (api.isLiteralTypeNode(parent)) {
    const grandparent = parentOf(parent);
    return grandparent !== undefined && api.isImportTypeNode(grandparent);
  }
  if (api.isCallExpression(parent) && parent.arguments[0] === node) {
    const callee = parent.expression;
    return callee.kind === api.SyntaxKind.ImportKeyword || (api.isIdentifier(callee) && callee.text === 'require');
  }
  return false;
}
