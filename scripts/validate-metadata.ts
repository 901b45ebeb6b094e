/**
 * Metadata validation, stricter than the sf CLI (which repairs or silently drops broken files):
 *  1. every XML file in the package directories is well-formed;
 *  2. every file that is not force-ignored belongs to a component that
 *     @salesforce/source-deploy-retrieve resolves (a file no component claims would never deploy);
 *  3. every component whose type needs a `-meta.xml` has one;
 *  4. conversion to Metadata API format succeeds and writes every component into package.xml;
 *  5. permission sets grant field permissions only on permissionable fields (lib/field-permissions.ts);
 *  6. Lightning pages, their assignments, list views and layouts name only components, fields, list views
 *     and pages that exist, and picklist values have readable labels (lib/page-references.ts).
 *
 * Usage: tsx scripts/validate-metadata.ts [--project <dir>]
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ComponentSet, ForceIgnore, MetadataConverter, RegistryAccess } from '@salesforce/source-deploy-retrieve';
import { fieldPermissionProblems } from './lib/field-permissions';
import { pageReferenceProblems, picklistLabelProblems } from './lib/page-references';
import { packageDirectories, projectDirFromArgs } from './lib/project';

function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      files.push(...listFiles(full));
    } else {
      files.push(full);
    }
  }
  return files;
}

async function main(): Promise<number> {
  const projectDir = projectDirFromArgs();
  const problems: string[] = [];
  const relative = (file: string): string => path.relative(projectDir, file);
  const packageDirs = packageDirectories(projectDir);
  const forceIgnore = ForceIgnore.findAndCreate(projectDir);
  const files = packageDirs.flatMap(listFiles).filter((file) => forceIgnore.accepts(file));

  for (const file of files.filter((candidate) => candidate.endsWith('.xml'))) {
    const verdict = XMLValidator.validate(readFileSync(file, 'utf8'));
    if (verdict !== true) {
      problems.push(`${relative(file)}:${verdict.err.line}: malformed XML: ${verdict.err.msg}`);
    }
  }
  if (problems.length > 0) {
    return report(problems, 0);
  }

  let components: ComponentSet;
  try {
    components = ComponentSet.fromSource({ fsPaths: packageDirs });
  } catch (error) {
    problems.push(`source-deploy-retrieve cannot resolve the project: ${(error as Error).message}`);
    return report(problems, 0);
  }

  const claimed = new Set<string>();
  const sourceComponents = components.getSourceComponents().toArray();
  for (const component of sourceComponents) {
    for (const child of [component, ...component.getChildren()]) {
      if (child.xml) claimed.add(path.resolve(child.xml));
      if (child.content) {
        const content = path.resolve(child.content);
        if (statSync(content).isDirectory()) listFiles(content).forEach((file) => claimed.add(file));
        else claimed.add(content);
      }
    }
    if (component.content && !component.xml) {
      problems.push(`${relative(component.content)}: ${component.type.name} ${component.fullName} has no -meta.xml`);
    }
  }
  for (const file of files) {
    if (!claimed.has(path.resolve(file))) {
      problems.push(`${relative(file)}: not part of any deployable component (the CLI would drop it silently)`);
    }
  }

  problems.push(...fieldPermissionProblems(projectDir));
  problems.push(...pageReferenceProblems(projectDir), ...picklistLabelProblems(projectDir));

  if (sourceComponents.length === 0) {
    problems.push('no components found in the package directories');
    return report(problems, 0);
  }
  const outputDirectory = mkdtempSync(path.join(os.tmpdir(), 'mdapi-'));
  try {
    await new MetadataConverter().convert(components, 'metadata', {
      type: 'directory',
      outputDirectory,
      genUniqueDir: false,
    });
    const manifest = new XMLParser({ isArray: (name) => name === 'types' || name === 'members' }).parse(
      readFileSync(path.join(outputDirectory, 'package.xml'), 'utf8'),
    ) as { Package: { types?: Array<{ name: string; members: string[] }> } };
    const written = new Set(
      (manifest.Package.types ?? []).flatMap((type) => type.members.map((member) => `${type.name}:${member}`)),
    );
    const registry = new RegistryAccess();
    for (const component of sourceComponents) {
      // Folders are listed under the type they hold, with a trailing slash: <Report>Finance/</Report>.
      const contentType = component.type.folderContentType
        ? registry.getTypeByName(component.type.folderContentType)
        : undefined;
      const key = contentType
        ? `${contentType.name}:${component.fullName}/`
        : `${component.type.name}:${component.fullName}`;
      if (!written.has(key)) {
        problems.push(`${key}: missing from the converted package.xml`);
      }
    }
  } catch (error) {
    problems.push(`conversion to Metadata API format failed: ${(error as Error).message}`);
  } finally {
    rmSync(outputDirectory, { recursive: true, force: true });
  }
  return report(problems, sourceComponents.length);
}

function report(problems: string[], componentCount: number): number {
  problems.forEach((problem) => console.error(problem));
  console.log(`metadata: ${componentCount} component(s), ${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
