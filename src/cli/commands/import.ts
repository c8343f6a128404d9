// `enlace import FILE --source AGENCY [--profile P | --profile-file P.json] [--user NAME] [--test] [--no-link]`
// `enlace import --save-profile P.json --source AGENCY [--user NAME]`
// Imports an agency's file (CSV, XLSX, JSON; any encoding) into the database with a mapping
// profile. Every row ends imported, updated, unchanged or quarantined; the summary says how many.
// Exit 0 when nothing failed unexpectedly (quarantined rows are expected), 2 for bad input, 1 else.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { CliCommand } from '../main.ts';
import { diskFullCode, isDiskFull } from '../disk-full.ts';
import type { Actor } from '../../server/actor.ts';
import type { Queryable } from '../../server/db/database.ts';

const USAGE = [
  'uso / usage: enlace import FILE --source AGENCY [--profile ID | --profile-file PROFILE.json] [--user NAME]',
  '             [--test] [--no-link] [--quiet]',
  '       enlace import --save-profile PROFILE.json --source AGENCY [--user NAME]',
  '',
  '  Importa el archivo de una entidad (CSV, XLSX, JSON) con un perfil de correspondencia.',
  '  Imports an agency file (CSV, XLSX, JSON) with a mapping profile.',
  '  --source    clave de la entidad dueña de los registros / key of the agency owning the records (PNP, MP, MIMP, …)',
  '  --profile   perfil incluido / shipped profile: canonico, reta-pnp-sintetico, fiscalia-casos-sintetico, mimp-car-sintetico, htcds,',
  '              o uno guardado por la entidad / or one the agency saved (por defecto según la entidad / by default after the agency)',
  '  --save-profile  valida el perfil y lo guarda para la entidad (el usuario necesita import.profiles) /',
  '              validates the profile and saves it for the agency (the user needs import.profiles)',
  '  --user      quién importa / who imports (por defecto / default: admin)',
  '  --test      prueba el perfil con el archivo sin importar nada / tries the profile on the file, imports nothing',
  '  --no-link   deja los registros en la cola de vinculación / leaves the records in the linkage queue',
].join('\n');

const DEFAULT_PROFILE: Record<string, string> = { PNP: 'reta-pnp-sintetico', MP: 'fiscalia-casos-sintetico', MIMP: 'mimp-car-sintetico' };

function fail(message: string): number {
  process.stderr.write(`enlace import: ${message}\n\n${USAGE}\n`);
  return 2;
}

export const command: CliCommand = {
  summary: 'Importa un archivo de una entidad (CSV, XLSX, JSON) / import an agency file',
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
          source: { type: 'string' },
          profile: { type: 'string' },
          'profile-file': { type: 'string' },
          'save-profile': { type: 'string' },
          user: { type: 'string' },
          test: { type: 'boolean', default: false },
          'no-link': { type: 'boolean', default: false },
          quiet: { type: 'boolean', default: false },
          chunk: { type: 'string' },
          help: { type: 'boolean', default: false },
        },
      });
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
    const { values, positionals } = parsed;
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (values['save-profile'] !== undefined) return saveProfileCommand(values['save-profile'], values.source, values.user, positionals);
    const [file, ...rest] = positionals;
    if (!file || rest.length > 0) return fail('indique un archivo / give one file');
    const { ImportFileError, parseProfile, shippedProfile, testProfile, SHIPPED_PROFILES } = await import('../../importers/index.ts');
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      return fail(`no se puede leer «${file}» / cannot read "${file}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const source = values.source?.trim().toUpperCase();
    let profileInput: unknown;
    if (values['profile-file']) {
      try {
        profileInput = JSON.parse(await readFile(values['profile-file'], 'utf8'));
      } catch (error) {
        return fail(`perfil ilegible / unreadable profile "${values['profile-file']}": ${error instanceof Error ? error.message : String(error)}`);
      }
    } else {
      const id = values.profile ?? (source ? (DEFAULT_PROFILE[source] ?? 'canonico') : undefined);
      if (!id) return fail('indique --source o --profile / give --source or --profile');
      profileInput = shippedProfile(id) ?? (source ? await savedProfile(source, id) : undefined);
      if (!profileInput) return fail(`perfil desconocido «${id}» / unknown profile "${id}" (${[...SHIPPED_PROFILES.keys()].join(', ')}, o los guardados por la entidad / or those the agency saved)`);
    }
    const profile = parseProfile(profileInput);
    if (!profile.ok) return fail(`perfil no válido / invalid profile:\n${profile.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);

    if (values.test) {
      const report = testProfile(profile.profile, bytes, { file: basename(file), previewRows: 5, errorRows: 20 });
      if (report.fileError) {
        process.stderr.write(`${report.fileError.es}\n${report.fileError.en}\n`);
        return 2;
      }
      process.stdout.write(`${JSON.stringify({ counts: report.counts, format: report.format, encoding: report.encoding, delimiter: report.delimiter, unmappedColumns: report.unmappedColumns, missingColumns: report.missingColumns, uncoveredCodes: report.uncoveredCodes, rowErrors: report.rowErrors.map((r) => ({ line: r.line, recordId: r.recordId, problems: r.problems.map((p) => `${p.field}: ${p.es} / ${p.en}`) })) }, null, 2)}\n`);
      return 0;
    }
    if (!source) return fail('indique --source / give --source');

    const { openEnlaceDatabase } = await import('../../server/db/open.ts');
    const { importFile } = await import('../../server/imports/engine.ts');
    const { AuditWriter } = await import('../../server/audit/writer.ts');
    const { LinkageService } = await import('../../server/linkage/service.ts');
    const db = await openEnlaceDatabase();
    try {
      const acting = await actorFor(db, source, values.user);
      if (typeof acting === 'string') return fail(acting);
      const actor = acting;
      const username = actor.username;

      const bar = values.quiet || !process.stderr.isTTY ? undefined : new cliProgress.SingleBar({ format: ' {bar} {value}/{total} filas / rows', stream: process.stderr }, cliProgress.Presets.shades_classic);
      let barStarted = false;
      const started = Date.now();
      let summary;
      try {
        summary = await importFile(db, actor, {
          fileName: basename(file),
          bytes,
          profile: profile.profile,
          // Queued in each chunk's transaction (durable), and linked below unless --no-link.
          linkage: 'queue',
          ...(values.chunk ? { chunkSize: Math.max(1, Number(values.chunk)) } : {}),
          onProgress: (done, total) => {
            if (values.quiet) return;
            // A terminal gets a bar; a log gets one line per committed chunk.
            if (!bar) process.stderr.write(`progreso / progress ${done}/${total}\n`);
            else {
              if (!barStarted) bar.start(total, 0);
              barStarted = true;
              bar.update(done);
            }
          },
        });
      } catch (error) {
        bar?.stop();
        if (error instanceof ImportFileError) {
          process.stderr.write(`${error.es}\n${error.en}\n`);
          return 2;
        }
        if (isDiskFull(error)) {
          // The chunk being stored rolled back; those committed before it are whole, and the
          // same file imported again (once there is room) goes on from them.
          process.stderr.write(
            `enlace import: disco lleno: la importación se detuvo; los bloques ya guardados están completos y volver a importar el archivo la termina (${diskFullCode(error)})\n` +
              `enlace import: disk full: the import stopped; the chunks already stored are whole, and importing the file again finishes it (${diskFullCode(error)})\n`,
          );
          return 1;
        }
        throw error;
      }
      bar?.stop();
      const audit = new AuditWriter(db);
      await audit.record({
        at: new Date().toISOString(),
        userId: actor.userId,
        username,
        agencyId: actor.agencyId,
        unitId: actor.unitId,
        ip: null,
        action: 'IMPORT',
        entityType: 'import_batch',
        entityId: summary.batchId,
        fieldGroups: ['G1', 'G2'],
        purpose: 'cli',
        outcome: 'ok',
      });
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        [
          `Lote / batch ${summary.batchId} (sha-256 ${summary.fileSha256.slice(0, 16)}…, ${summary.format}${summary.encoding ? `, ${summary.encoding}` : ''})`,
          `Leídas / read: ${summary.read}; importadas / imported: ${summary.imported}; actualizadas / updated: ${summary.updated}; sin cambios / unchanged: ${summary.unchanged}; en cuarentena / quarantined: ${summary.quarantined}; filas vacías / blank rows: ${summary.blankRows} (${seconds.toFixed(1)} s)`,
          ...(summary.missingColumns.length > 0 ? [`Columnas ausentes / missing columns: ${summary.missingColumns.map((m) => m.column).join(', ')}`] : []),
        ].join('\n') + '\n',
      );
      if (!values['no-link'] && summary.imported > 0) {
        // The new records wait in the linkage queue (durable): link them now.
        const linkage = new LinkageService(db);
        await linkage.ready();
        await linkage.drain();
        linkage.stop();
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};

/**
 * Who acts for the source agency: the user (admin by default), in her unit when it is one of the
 * agency's, else in the agency's first unit (the records belong to the source agency). A message
 * in both languages when the agency, the user or a unit is missing.
 */
async function actorFor(db: Queryable, source: string, userArg: string | undefined): Promise<Actor | string> {
  const [agency] = await db.query<{ id: string; key: string }>('SELECT id, key FROM agencies WHERE key = $1', [source]);
  if (!agency) return `entidad desconocida «${source}» / unknown agency "${source}"`;
  const username = (userArg ?? 'admin').toLowerCase();
  const [user] = await db.query<{ id: string; unit_id: string; unit_agency: string; roles: string[]; active: boolean }>(
    'SELECT u.id, u.unit_id, n.agency_id AS unit_agency, u.roles, u.active FROM users u JOIN units n ON n.id = u.unit_id WHERE u.username = $1',
    [username],
  );
  if (!user || !user.active) return `usuario desconocido o inactivo «${username}» / unknown or inactive user "${username}"`;
  const [firstUnit] = await db.query<{ id: string }>('SELECT id FROM units WHERE agency_id = $1 ORDER BY created_at, name LIMIT 1', [agency.id]);
  const unitId = user.unit_agency === agency.id ? user.unit_id : firstUnit?.id;
  if (!unitId) return `la entidad «${source}» no tiene unidades / agency "${source}" has no units`;
  return { userId: user.id, unitId, agencyId: agency.id, agencyKey: agency.key, roles: user.roles, username };
}

/** A profile the agency saved; undefined when there is none or the database cannot be opened. */
async function savedProfile(source: string, id: string): Promise<unknown> {
  const { openEnlaceDatabase } = await import('../../server/db/open.ts');
  const { profileFor } = await import('../../server/imports/profiles.ts');
  let db;
  try {
    db = await openEnlaceDatabase();
  } catch {
    return undefined;
  }
  try {
    const [agency] = await db.query<{ id: string }>('SELECT id FROM agencies WHERE key = $1', [source]);
    return agency ? await profileFor(db, agency.id, id) : undefined;
  } finally {
    await db.close();
  }
}

/** `--save-profile P.json --source AGENCY`: the profile validated and saved for the agency. */
async function saveProfileCommand(path: string, sourceArg: string | undefined, userArg: string | undefined, positionals: string[]): Promise<number> {
  if (positionals.length > 0) return fail('--save-profile no toma un archivo de datos / --save-profile takes no data file');
  const source = sourceArg?.trim().toUpperCase();
  if (!source) return fail('indique --source / give --source');
  let input: unknown;
  try {
    input = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return fail(`perfil ilegible / unreadable profile "${path}": ${error instanceof Error ? error.message : String(error)}`);
  }
  const { parseProfile } = await import('../../importers/index.ts');
  const reading = parseProfile(input);
  if (!reading.ok) return fail(`perfil no válido / invalid profile:\n${reading.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
  // The server's modules load only when a profile is to be saved (the CLI starts fast).
  const [{ openEnlaceDatabase }, { saveProfile }, { hasPermission }, { Problem }, { translate }] = await Promise.all([
    import('../../server/db/open.ts'),
    import('../../server/imports/profiles.ts'),
    import('../../server/policies/roles.ts'),
    import('../../server/errors.ts'),
    import('../../domain/messages.ts'),
  ]);
  const db = await openEnlaceDatabase();
  try {
    const actor = await actorFor(db, source, userArg);
    if (typeof actor === 'string') return fail(actor);
    const username = actor.username;
    if (!hasPermission(actor, 'import.profiles')) return fail(`«${username}» no puede guardar perfiles (import.profiles) / "${username}" may not save profiles (import.profiles)`);
    try {
      const profile = await db.transaction((tx) => saveProfile(tx, actor, reading.profile));
      process.stdout.write(`Perfil guardado / profile saved: ${profile.id} (${actor.agencyKey})\n`);
      return 0;
    } catch (error) {
      if (error instanceof Problem) return fail(`${translate(error.key, 'es', error.params)} / ${translate(error.key, 'en', error.params)}`);
      throw error;
    }
  } finally {
    await db.close();
  }
}

