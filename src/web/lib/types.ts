// Shapes of the API's answers, as the web app reads them. Records come from the domain types.
import type { CodeListName, CodeValue } from '../../domain/code-lists.ts';
import type { CaseState } from '../../domain/case-lifecycle.ts';
import type { CaseFileRecord, PersonRecord } from '../../domain/records.ts';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  unitId: string;
  agencyId: string;
}

export interface SessionInfo {
  user: SessionUser;
  csrfToken: string;
  mustChangePassword: boolean;
  /** Permissions of her roles (server roles.ts); absent from an older server. */
  permissions?: string[];
  /** Signed in with the password; the TOTP code is still to be given. */
  secondFactorPending?: boolean;
  /** Her roles read personal data and the server requires a second factor she has not enrolled yet. */
  mustEnrolSecondFactor?: boolean;
}

export interface CodeListsResponse {
  lists: Record<CodeListName, CodeValue[]>;
  countries: { code: string; es: string; en: string }[];
  departments: { code: string; name: string }[];
}

export type { CaseList, CaseSummary } from '../../domain/api-types.ts';

export interface CaseView {
  caseFile: CaseFileRecord;
  person: PersonRecord | undefined;
  abilities: { read: boolean; update: boolean; transition: boolean; readAccessLog?: boolean; readCare?: boolean; recordConsent?: boolean; withdrawConsent?: boolean; coSignConsent?: boolean; exportPerson?: boolean; refer?: boolean; close?: boolean; decideClosure?: boolean };
  nextStates: CaseState[];
  /** Of the next states, those that go to a supervisor of the unit for approval (four eyes, §8.1). */
  approvalNeeded?: CaseState[];
  /** Who proposed the closure that waits for approval, when one does. */
  closureProposedByName?: string | null;
}

export type { HistoryEntry } from '../../domain/api-types.ts';

export type { WebClientSettings } from '../../domain/web-client.ts';
