/**
 * Writes `test/conformance/rest-api-types.json`: for every function of `@frontegg/rest-api`'s `api.*`,
 * the JSON Schema of what its `.d.ts` promises it resolves to. The conformance suite judges nestegg's
 * answers by these schemas, so they are what the SDK's types say, not what nestegg's spec says.
 *
 * The return types are read from the SDK's declaration files with the TypeScript compiler, written as
 * type aliases beside a copy of those files (so that their own imports resolve), and turned into one
 * JSON Schema with ts-json-schema-generator. Run it after bumping the SDK (`npm run sdk:bump`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { createGenerator } from 'ts-json-schema-generator';

const root = path.join(__dirname, '..');
const sdkDir = path.join(root, 'node_modules', '@frontegg', 'rest-api');
const output = path.join(root, 'test', 'conformance', 'rest-api-types.json');

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

/** `api.<module>` -> the declaration file of its class, from the SDK's index.d.ts. */
function apiModules(): Map<string, { className: string; file: string }> {
  const index = parse(path.join(sdkDir, 'index.d.ts'));
  const importedFrom = new Map<string, string>();
  const modules = new Map<string, { className: string; file: string }>();
  for (const statement of index.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause?.namedBindings && ts.isNamedImports(statement.importClause.namedBindings)) {
      const from = (statement.moduleSpecifier as ts.StringLiteral).text;
      for (const element of statement.importClause.namedBindings.elements) importedFrom.set(element.name.text, from);
    }
    if (ts.isTypeAliasDeclaration(statement) && statement.name.text === 'FronteggApiClient' && ts.isTypeLiteralNode(statement.type)) {
      for (const member of statement.type.members) {
        if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeReferenceNode(member.type)) continue;
        const className = member.type.typeName.getText(index);
        const from = importedFrom.get(className);
        if (!from) throw new Error(`no import for ${className}`);
        const base = path.join(sdkDir, from);
        const file = fs.existsSync(`${base}.d.ts`) ? `${base}.d.ts` : path.join(base, 'index.d.ts');
        modules.set((member.name as ts.Identifier).text, { className, file });
      }
    }
  }
  return modules;
}

/** The awaited return type (as written) of each function member of a class, by name. */
function promisedTypes(file: string, className: string): Map<string, string> {
  const source = parse(file);
  const types = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isClassDeclaration(statement) || statement.name?.text !== className) continue;
    for (const member of statement.members) {
      let returned: ts.TypeNode | undefined;
      if (ts.isPropertyDeclaration(member) && member.type && ts.isFunctionTypeNode(member.type)) returned = member.type.type;
      if (ts.isMethodDeclaration(member)) returned = member.type;
      if (!returned || !member.name || !ts.isIdentifier(member.name)) continue;
      const promised =
        ts.isTypeReferenceNode(returned) && returned.typeName.getText(source) === 'Promise' && returned.typeArguments?.[0]
          ? returned.typeArguments[0].getText(source)
          : 'never';
      types.set(member.name.text, promised);
    }
  }
  return types;
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nestegg-sdk-types-'));
  try {
    fs.cpSync(sdkDir, path.join(work, 'rest-api'), {
      recursive: true,
      filter: (source) => fs.statSync(source).isDirectory() || source.endsWith('.d.ts'),
    });
    const aliasFiles: string[] = [];
    for (const [moduleName, { className, file }] of apiModules()) {
      const copy = path.join(work, 'rest-api', path.relative(sdkDir, file));
      const imports = parse(file)
        .statements.filter(ts.isImportDeclaration)
        .map((statement) => statement.getText())
        .join('\n');
      const aliases = [...promisedTypes(file, className)].map(([name, type]) => `export interface ${moduleName}__${name} { promised: ${type} }`).join('\n');
      const aliasFile = path.join(path.dirname(copy), `__sdk_${moduleName}.ts`);
      fs.writeFileSync(aliasFile, `${imports}\n${aliases}\n`);
      aliasFiles.push(aliasFile);
    }
    // One root that re-exports every module's aliases: the generator takes the exports of one file.
    const rootFile = path.join(work, 'rest-api', '__sdk_all.ts');
    fs.writeFileSync(rootFile, aliasFiles.map((file) => `export * from './${path.relative(path.dirname(rootFile), file).replace(/\.ts$/, '')}';`).join('\n'));
    const tsconfig = path.join(work, 'tsconfig.json');
    fs.writeFileSync(
      tsconfig,
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'commonjs', lib: ['ES2022', 'DOM'], strict: true, skipLibCheck: true, types: [] },
        files: [rootFile],
      }),
    );
    const schema = createGenerator({
      path: rootFile,
      tsconfig,
      type: '*',
      expose: 'export',
      skipTypeCheck: true,
      additionalProperties: true,
    }).createSchema('*');
    fs.writeFileSync(output, `${JSON.stringify(schema, null, 1)}\n`);
    const functions = Object.keys(schema.definitions ?? {}).filter((name) => name.includes('__')).length;
    console.log(`${path.relative(root, output)}: the promised types of ${functions} functions`);
  } finally {
    if (!process.env.KEEP) fs.rmSync(work, { recursive: true, force: true });
    else console.log(work);
  }
}

main();
