// The `enlace` command: one module per sub-command, loaded on demand so that `enlace link`
// does not pay for the web server's start-up.

export interface CliCommand {
  readonly summary: string;
  run(args: string[]): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<{ command: CliCommand }>> = {
  serve: () => import('./commands/serve.ts'),
  demo: () => import('./commands/demo.ts'),
  'demo-data': () => import('./commands/demo-data.ts'),
  link: () => import('./commands/link.ts'),
  'link-persons': () => import('./commands/link-persons.ts'),
  import: () => import('./commands/import.ts'),
  migrate: () => import('./commands/migrate.ts'),
  audit: () => import('./commands/audit.ts'),
  'rotate-key': () => import('./commands/rotate-key.ts'),
  'rebuild-projections': () => import('./commands/rebuild-projections.ts'),
  backup: () => import('./commands/backup.ts'),
  restore: () => import('./commands/restore.ts'),
  report: () => import('./commands/report.ts'),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const lines = await Promise.all(
      Object.entries(COMMANDS).map(async ([n, load]) => {
        try {
          return `  ${n.padEnd(22)}${(await load()).command.summary}`;
        } catch {
          return `  ${n.padEnd(22)}(not available in this build)`;
        }
      }),
    );
    process.stdout.write(`enlace <command> [options]\n\nComandos / commands:\n${lines.join('\n')}\n`);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`enlace: comando desconocido «${name}» / unknown command "${name}". Use: enlace --help\n`);
    return 2;
  }
  const { command } = await load();
  return command.run(args);
}
