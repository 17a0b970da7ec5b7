import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../codemod/edits';
import { moduleStyle, planImports, removeListElements, type ImportRequest } from '../../../codemod/imports';

function target(filePath: string, text: string) {
  const kind = /\.[cm]?js$/.test(filePath) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  return { filePath, text, ts, sourceFile: ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true, kind) };
}

const helper: ImportRequest = { name: 'threadIdOf', from: 'unified-id' };

/** Adds `requests` to `text` and returns the new text and the local names. */
function add(filePath: string, text: string, requests: readonly ImportRequest[] = [helper]) {
  const plan = planImports(target(filePath, text), requests);
  return { text: applyEdits(text, plan.edits), names: requests.map((r) => plan.localName(r)) };
}

describe('planImports', () => {
  it('adds one import after the last import, with the file quote and semicolon style', () => {
    const result = add('/a.ts', 'import x from "x"\nimport y from "y"\n\nx(y)\n', [helper, helper]);
    expect(result.text).toBe('import x from "x"\nimport y from "y"\nimport { threadIdOf } from "unified-id"\n\nx(y)\n');
    expect(result.names).toEqual(['threadIdOf', 'threadIdOf']);
  });

  it('merges into an import of the same specifier, on one line or several', () => {
    expect(add('/a.ts', "import { parseRunId } from 'unified-id';\n").text).toBe("import { parseRunId, threadIdOf } from 'unified-id';\n");
    expect(add('/a.ts', "import {\n  parseRunId,\n  isRunId,\n} from 'unified-id';\n").text).toBe(
      "import {\n  parseRunId,\n  isRunId,\n  threadIdOf,\n} from 'unified-id';\n",
    );
  });

  it('reuses an existing value import (also through a namespace) but never a type-only one', () => {
    expect(add('/a.ts', "import { threadIdOf as tid } from 'unified-id';\n")).toEqual({ text: "import { threadIdOf as tid } from 'unified-id';\n", names: ['tid'] });
    expect(add('/a.ts', "import * as uid from 'unified-id';\n").names).toEqual(['uid.threadIdOf']);
    expect(add('/a.ts', "import type { RunId } from 'unified-id';\n").text).toBe(
      "import type { RunId } from 'unified-id';\nimport { threadIdOf } from 'unified-id';\n",
    );
    expect(add('/a.ts', "import { type threadIdOf } from 'unified-id';\n").names).toEqual(['threadIdOf2']);
  });

  it('aliases a name the file already uses', () => {
    const result = add('/a.ts', "import { x } from 'x';\nconst threadIdOf = 1;\n");
    expect(result.text).toBe("import { x } from 'x';\nimport { threadIdOf as threadIdOf2 } from 'unified-id';\nconst threadIdOf = 1;\n");
    expect(result.names).toEqual(['threadIdOf2']);
    // A property name is not a clash.
    expect(add('/a.ts', "import { x } from 'x';\nx.threadIdOf = { threadIdOf: 1 };\n").names).toEqual(['threadIdOf']);
  });

  it('keeps require style in CommonJS files, merging into a destructured require', () => {
    expect(moduleStyle(target('/a.cjs', 'module.exports = 1;\n'))).toBe('require');
    expect(moduleStyle(target('/a.js', "const fs = require('fs');\n"))).toBe('require');
    expect(moduleStyle(target('/a.js', "import fs from 'fs';\nconst x = require('x');\n"))).toBe('esm');
    expect(moduleStyle(target('/a.mjs', "const x = require('x');\n"))).toBe('esm');
    expect(add('/a.cjs', "'use strict';\nconst fs = require('fs');\n").text).toBe(
      "'use strict';\nconst fs = require('fs');\nconst { threadIdOf } = require('unified-id');\n",
    );
    expect(add('/a.js', "const { parseRunId } = require('unified-id');\n").text).toBe("const { parseRunId, threadIdOf } = require('unified-id');\n");
    expect(add('/a.cjs', "const uid = require('unified-id');\n").names).toEqual(['uid.threadIdOf']);
  });

  it('puts the first import after directives and header comments, above a comment attached to code', () => {
    expect(add('/a.ts', "'use client';\nexport const a = 1;\n").text).toBe("'use client';\nimport { threadIdOf } from 'unified-id';\nexport const a = 1;\n");
    expect(add('/a.ts', '// Header.\n\n// About a.\nexport const a = 1;\n').text).toBe(
      "// Header.\n\nimport { threadIdOf } from 'unified-id';\n\n// About a.\nexport const a = 1;\n",
    );
  });

  it('keeps a comment that ends the last import on its line, and a shebang first', () => {
    expect(add('/a.ts', "import x from 'x'; // why\nx();\n").text).toBe("import x from 'x'; // why\nimport { threadIdOf } from 'unified-id';\nx();\n");
    expect(add('/a.ts', '#!/usr/bin/env node\nmain();\n').text).toBe("#!/usr/bin/env node\nimport { threadIdOf } from 'unified-id';\n\nmain();\n");
  });

  it('keeps CRLF line endings', () => {
    expect(add('/a.ts', "import { x } from 'x';\r\nx();\r\n").text).toBe("import { x } from 'x';\r\nimport { threadIdOf } from 'unified-id';\r\nx();\r\n");
  });

  it('replaces a removed statement with the new imports and frees its names', () => {
    const text = "import { generateRunId } from './ids';\nimport { y } from 'y';\n\ngenerateRunId(y);\n";
    const file = target('/a.ts', text);
    const legacy = file.sourceFile.statements[0]!;
    const plan = planImports(file, [{ name: 'generateRunId', from: 'unified-id' }], { releasedNames: new Set(['generateRunId']), removedStatements: [legacy] });
    expect(applyEdits(text, plan.edits)).toBe("import { generateRunId } from 'unified-id';\nimport { y } from 'y';\n\ngenerateRunId(y);\n");
  });
});

describe('removeListElements', () => {
  const cases: Array<[string, string[], string]> = [
    ['import { a, b, c } from "m";', ['b'], 'import { a, c } from "m";'],
    ['import { a, b, c } from "m";', ['b', 'c'], 'import { a } from "m";'],
    ['import { a, b, c, } from "m";', ['c'], 'import { a, b, } from "m";'],
    ['import {\n  a,\n  b,\n} from "m";', ['a'], 'import {\n  b,\n} from "m";'],
  ];
  it.each(cases)('%s minus %j', (text, names, expected) => {
    const file = target('/a.ts', text);
    const declaration = file.sourceFile.statements[0] as ts.ImportDeclaration;
    const elements = (declaration.importClause!.namedBindings as ts.NamedImports).elements;
    const edits = removeListElements(elements, new Set(elements.filter((e) => names.includes(e.name.text))), file.sourceFile, text);
    expect(applyEdits(text, edits)).toBe(expected);
  });
});
