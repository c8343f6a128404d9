// What an agency's system may be given, shared by the server (which enforces it) and the web app
// (which offers it). Pure.

/** records.push: send records (needs a role that imports); records.read: read them and their changes (needs one that reads case files). */
export const API_SCOPES = ['records.push', 'records.read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/**
 * Permissions that only a named person may hold (administering, auditing, breaking the glass, ARCO):
 * no custom role grants them and no API client is given a role that has them, so each such act
 * is answerable by someone.
 */
export const PERSON_ONLY_PERMISSIONS = ['admin.users', 'admin.roles', 'audit.read', 'breakGlass', 'arco'] as const;
