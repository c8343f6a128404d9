// A full disk, whoever found it: this process writing a file (ENOSPC, EDQUOT) or the database
// server extending a table (SQLSTATE 53100 disk_full, 53400 configuration_limit_exceeded).
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === '53100' || code === '53400';
}

/** Why, in a line: the error's code. */
export function diskFullCode(error: unknown): string {
  return String((error as { code?: unknown } | null)?.code ?? '');
}
