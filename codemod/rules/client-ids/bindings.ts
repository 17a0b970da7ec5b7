/**
 * What the names of one file are bound to, as far as id sources go: `import`s and `require`s of `uuid`, `nanoid`,
 * `crypto`, and this package (its main entry and the entries with deterministic ids), plus the file's `const`
 * declarations (for the constant-argument check). Syntax only: a name is what its declaration in this file says.
 */
import type { ts } from 'ts-morph';

/** A module name the rule knows, and the export a local name stands for (`*` for a namespace or default import). */
export interface ModuleBinding {
  readonly module: string;
  readonly exported: string;
}

export interface FileBindings {
  /** Local name → the module export it is bound to. */
  readonly imports: ReadonlyMap<string, ModuleBinding>;
  /** Local name → its initializer, for names declared exactly once in the file, by `const`, and nothing else. */
  readonly constants: ReadonlyMap<string, ts.Expression>;
}

/** Module specifiers whose exports the rule judges. `node:` is dropped (`node:crypto` is `crypto`). */
export function watchedModule(specifier: string, importFrom: string): string | undefined {
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  if (['uuid', 'nanoid', 'nanoid/non-secure', 'crypto'].includes(name)) return name;
  if (name === importFrom || name.startsWith(`${importFrom}/`)) return `unified-id${name.slice(importFrom.length)}`;
  return undefined;
}

function requiredModule(tsApi: typeof ts, node: ts.Expression | undefined): string | undefined {
  if (!node || !tsApi.isCallExpression(node) || !tsApi.isIdentifier(node.expression) || node.expression.text !== 'require') return undefined;
  const [argument] = node.arguments;
  return argument && tsApi.isStringLiteralLike(argument) ? argument.text : undefined;
}

export function collectBindings(tsApi: typeof ts, sourceFile: ts.SourceFile, importFrom: string): FileBindings {
  const imports = new Map<string, ModuleBinding>();
  const declarations = new Map<string, ts.Expression | null>();
  const declare = (name: string, initializer: ts.Expression | null) => declarations.set(name, declarations.has(name) ? null : initializer);

  const visit = (node: ts.Node): void => {
    if (tsApi.isImportDeclaration(node) && tsApi.isStringLiteral(node.moduleSpecifier)) {
      const module = watchedModule(node.moduleSpecifier.text, importFrom);
      const clause = node.importClause;
      if (module && clause && !clause.isTypeOnly) {
        if (clause.name) imports.set(clause.name.text, { module, exported: '*' });
        const bindings = clause.namedBindings;
        if (bindings && tsApi.isNamespaceImport(bindings)) imports.set(bindings.name.text, { module, exported: '*' });
        if (bindings && tsApi.isNamedImports(bindings)) {
          for (const element of bindings.elements) {
            if (!element.isTypeOnly) imports.set(element.name.text, { module, exported: (element.propertyName ?? element.name).text });
          }
        }
      }
    } else if (tsApi.isVariableDeclaration(node)) {
      const specifier = requiredModule(tsApi, node.initializer);
      const module = specifier === undefined ? undefined : watchedModule(specifier, importFrom);
      if (module && tsApi.isIdentifier(node.name)) imports.set(node.name.text, { module, exported: '*' });
      if (module && tsApi.isObjectBindingPattern(node.name)) {
        for (const element of node.name.elements) {
          const property = element.propertyName ?? element.name;
          if (tsApi.isIdentifier(element.name) && (tsApi.isIdentifier(property) || tsApi.isStringLiteral(property))) {
            imports.set(element.name.text, { module, exported: property.text });
          }
        }
      }
      if (tsApi.isIdentifier(node.name)) {
        const isConst = tsApi.isVariableDeclarationList(node.parent) && (node.parent.flags & tsApi.NodeFlags.Const) !== 0;
        declare(node.name.text, isConst && node.initializer ? node.initializer : null);
      }
    } else if ((tsApi.isParameter(node) || tsApi.isBindingElement(node)) && tsApi.isIdentifier(node.name)) {
      declare(node.name.text, null);
    } else if ((tsApi.isFunctionDeclaration(node) || tsApi.isClassDeclaration(node)) && node.name) {
      declare(node.name.text, null);
    }
    tsApi.forEachChild(node, visit);
  };
  visit(sourceFile);

  const constants = new Map<string, ts.Expression>();
  for (const [name, initializer] of declarations) if (initializer && !imports.has(name)) constants.set(name, initializer);
  return { imports, constants };
}
