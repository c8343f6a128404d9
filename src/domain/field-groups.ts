// The data groups of domain-spec §5.4, the unit in which access to a record's fields is granted.
// Today a person record is G1 and a case file G2 (its working note `confidentialNotes` included:
// sealed, never exported); modules that add clinical notes, investigation data, follow-ups or
// shelter stays put them in G3–G6.

/** G1 identity & contact; G2 case core; G3 clinical & psychosocial notes; G4 investigative and
 *  judicial; G5 reintegration plan & follow-ups; G6 shelter locations, safety plans, safe contacts. */
export const FIELD_GROUPS = ['G1', 'G2', 'G3', 'G4', 'G5', 'G6'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];
