/**
 * Modules that convert run IDs of the old formats themselves: they call a historical `to-canonical` function
 * (`migrateLegacyRunIdToStandard`, `toCanonicalRunId` …) that they do not define — a backfill, an importer of another
 * service's export. A test of such a module feeds it old IDs on purpose, as its input: converting them in the test
 * (or in the JSON export it loads) would leave the conversion untested.
 */
import { HISTORICAL_API } from '../../../legacy-api';
import { isRelativeSpecifier, jsonNamesIn, relativeModuleKey, specifiersIn } from '../../../analysis/module-refs';

const converterNames = [...HISTORICAL_API].filter(([, role]) => role === 'to-canonical').map(([name]) => name);

function escaped(name: string): string {
  return name.replace(/[$]/g, '\\$&');
}

/** The text calls a converter of old run IDs (directly or as `ids.toCanonical(…)`) and does not define it. */
export function convertsLegacyIds(text: string): boolean {
  return converterNames.some((name) => {
    if (!text.includes(name)) return false;
    const id = escaped(name);
    const defines = new RegExp(`\\bfunction\\s*\\*?\\s*${id}\\b|\\b(?:const|let|var)\\s+${id}\\s*=|^\\s*(?:(?:public|private|protected|static|async)\\s+)*${id}\\s*\\([^)]*\\)\\s*[:{]`, 'm');
    if (defines.test(text)) return false;
    return new RegExp(`(?<![\\w$])${id}\\s*\\(`).test(text);
  });
}

/** What a test file links to: the module keys it imports by relative path, and the JSON files it names. */
export interface FileLinks {
  readonly imports: readonly string[];
  readonly jsonNames: readonly string[];
}

export function linksOf(text: string, relativePath: string): FileLinks {
  const imports = specifiersIn(text)
    .filter(({ specifier }) => isRelativeSpecifier(specifier))
    .map(({ specifier }) => relativeModuleKey(relativePath, specifier));
  return { imports: [...new Set(imports)], jsonNames: [...new Set(jsonNamesIn(text))] };
}
